using Ecosystem.Api.Auth;
using Ecosystem.Api.Errors;
using Ecosystem.Api.Loading;
using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Store;
using GraphQL;

namespace Ecosystem.Api.Localization;

/// <summary>A value the disclosure rules withhold from this caller: null, with the reason.</summary>
public sealed class ConfidentialException(string what, string reason)
    : ApiException(ErrorCodes.Confidential, $"{what} is confidential under the disclosure rules: {reason}.")
{
    public string Reason { get; } = reason;
}

/// <summary>How a report's aggregate values reach a caller: all of them for analysts; for others, those the disclosure rules let through.</summary>
public static class Disclosed
{
    /// <summary>
    /// The value for an analyst; for anyone else the value when every cell it is made of may be shown, else a
    /// CONFIDENTIAL error (the field is null, the rest of the answer untouched).
    /// </summary>
    public static async Task<object?> ValueAsync(IResolveFieldContext context, LocalizationResult owner, object? value, params string[] cells)
    {
        if (context.User.Has(Role.Analyst))
        {
            return value;
        }
        var verdicts = await owner.VerdictsAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var cell in cells)
        {
            if (verdicts.Withheld(cell) is { } reason)
            {
                throw new ConfidentialException($"{context.ParentType.Name}.{context.FieldDefinition.Name}", reason);
            }
        }
        return value;
    }

    /// <summary>Whether the caller sees every value (analysts and up): lists are then ordered by value, else by key.</summary>
    public static bool SeesValues(IResolveFieldContext context) => context.User.Has(Role.Analyst);

    public static string Total(string measure) => LocalizationDisclosure.Cell(LocalizationDisclosure.Total, measure);

    /// <summary>The description's note on a sum published with noise.</summary>
    public const string NoisyNote = " Analysts see the true value. Other callers see it with noise (every link's value in it raised or lowered by 10 to 20% by default, the same way every time) when enough firms contribute (3 buying firms and 3 suppliers by default) and none accounts for more than 85% of it; else it is null with CONFIDENTIAL and the reason.";

    /// <summary>
    /// A sum callers compose freely (a tier, a cluster, two parks' trade): the true value for an analyst; for anyone
    /// else, when it passes rule 1, its value with the noise (README, rule 5), else a CONFIDENTIAL error.
    /// </summary>
    public static object? Published(IResolveFieldContext context, PublishableValue cell, double value)
    {
        if (context.User.Has(Role.Analyst))
        {
            return value;
        }
        var rules = context.RequestServices?.GetService<DisclosureRules>() ?? new DisclosureRules();
        if (cell.Problem(rules) is { } reason)
        {
            throw new ConfidentialException($"{context.ParentType.Name}.{context.FieldDefinition.Name}", reason);
        }
        return cell.Noisy ?? throw new InvalidOperationException($"{context.ParentType.Name}.{context.FieldDefinition.Name} was summed without its noise.");
    }
}

/// <summary>
/// The secret of the noise published sums carry (<see cref="ValueNoise"/>): the setting <c>Disclosure:NoiseKey</c>
/// (base64, 32 bytes or more), else the file <c>disclosure-noise.key</c> in the store's data folder, made with 32 random
/// bytes the first time it is needed and kept (readable by its owner only), so that the noise stays the same across
/// restarts and for every process sharing the folder. Replicas on separate machines share it through the setting.
/// </summary>
public sealed class PublicationNoise(IConfiguration configuration, DisclosureRules rules, Microsoft.Extensions.Options.IOptions<Graph.Store.Embedded.EmbeddedStoreOptions> store)
{
    public const string FileName = "disclosure-noise.key";

    private readonly Lazy<ValueNoise> _noise = new(() => new ValueNoise(KeyOf(configuration["Disclosure:NoiseKey"], store.Value.DataDir), rules.NoiseMin, rules.NoiseMax));

    public ValueNoise Value => _noise.Value;

    private static byte[] KeyOf(string? setting, string dataDir)
    {
        if (setting is { Length: > 0 })
        {
            return Decode(setting, "Disclosure:NoiseKey");
        }
        var path = Path.Combine(dataDir, FileName);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(dataDir);
            var temp = Path.Combine(dataDir, $"{FileName}.{Guid.NewGuid():N}.tmp");
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var writer = new StreamWriter(temp, System.Text.Encoding.ASCII, options))
            {
                writer.Write(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            }
            try
            {
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process made it first: theirs is the key.
                File.Delete(temp);
            }
        }
        return Decode(File.ReadAllText(path).Trim(), path);
    }

    /// <summary>Checks the setting at start: a key that cannot work stops it, named (never shown).</summary>
    public static void Validate(IConfiguration configuration)
    {
        if (configuration["Disclosure:NoiseKey"] is { Length: > 0 } setting)
        {
            Decode(setting, "Disclosure:NoiseKey");
        }
    }

    private static byte[] Decode(string base64, string where)
    {
        var key = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, key, out var length) || length < 32)
        {
            throw new InvalidOperationException($"{where} must be at least 32 bytes in base64.");
        }
        return key[..length];
    }
}
