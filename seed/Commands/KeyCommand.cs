using System.CommandLine;
using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Data.Export;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Seed.Commands;

/// <summary>seed key: an API key and the settings that let the API know it.</summary>
internal static class KeyCommand
{
    public static Command Create(SeedContext s)
    {
        var keyName = new Option<string>("--name") { Description = "Who holds the key (it names them in logs and the audit log).", Required = true };
        var keyRole = new Option<string>("--role") { Description = "analyst (sees values), editor (also edits) or admin (also imports and reads the audit log).", Required = true };
        var key = new Command("key", "Make an API key: prints the key (give it to its holder; it is not kept) and the settings that let the API know it by its SHA-256.") { keyName, keyRole };
        key.SetAction((result, ct) => s.Guard(async () =>
        {
            var name = result.GetValue(keyName)!.Trim();
            var role = result.GetValue(keyRole)!.Trim().ToLowerInvariant();
            if (name.Length == 0 || role is not ("analyst" or "editor" or "admin"))
            {
                await s.Error.WriteLineAsync("--name must not be empty and --role must be analyst, editor or admin.");
                return 2;
            }
            var secret = "eco_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));
            await s.Output.WriteLineAsync($"key       {secret}");
            await s.Output.WriteLineAsync($"sha256    {hash}");
            await s.Output.WriteLineAsync("settings (N: the key's index in Auth:ApiKeys):");
            await s.Output.WriteLineAsync($"  Auth__ApiKeys__N__Name={name}");
            await s.Output.WriteLineAsync($"  Auth__ApiKeys__N__Role={role}");
            await s.Output.WriteLineAsync($"  Auth__ApiKeys__N__Sha256={hash}");
            await s.Output.WriteLineAsync("callers send it as the header X-Api-Key: <key> (or Authorization: ApiKey <key>).");
            return 0;
        }));
        return key;
    }
}
