using System.Diagnostics;
using System.Text.Json.Nodes;
using Ecosystem.Tests.Support;

namespace Ecosystem.Tests.Api;

/// <summary>
/// graphql-http's own audit of the GraphQL-over-HTTP specification (every MUST and SHOULD it checks, 61 audits in its
/// 1.23 release), run by Node against the API on a real socket: every audit ok, no warning.
/// </summary>
[Trait("Category", "Services")]
public sealed class HttpAuditTests(KestrelApiFactory api) : IClassFixture<KestrelApiFactory>
{
    [SkippableFact]
    public async Task Every_audit_of_the_GraphQL_over_HTTP_specification_is_ok()
    {
        var node = RequiredServices.Node();
        var folder = RequiredServices.NpmFolder("http-audit", "graphql-http");
        var url = new Uri(api.Address, "/graphql").ToString();
        using var process = Process.Start(new ProcessStartInfo(node, ["audit.js", url])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, errors);
        var audits = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToList();
        var notOk = audits.Where(a => a["status"]!.GetValue<string>() != "ok")
            .Select(a => $"{a["status"]} {a["id"]} {a["name"]}: {a["reason"]}").ToList();
        Assert.True(notOk.Count == 0, string.Join("\n", notOk));
        Assert.Equal(61, audits.Count);
    }
}
