using System.Diagnostics;
using System.Text.Json.Nodes;
using Ecosystem.Tests.Support;

namespace Ecosystem.Tests.Api;

/// <summary>
/// The graphql-ws and graphql-sse npm clients (tests/live-clients, run by Node on a real socket) follow the API as a
/// front-end would: the events of mutations made over HTTP arrive in order, and after a disconnection the change feed
/// read from the last version seen gives what was missed, with no gap, before the events resume.
/// </summary>
[Trait("Category", "Services")]
public sealed class LiveClientTests(KestrelApiFactory api) : IClassFixture<KestrelApiFactory>
{
    [SkippableTheory]
    [InlineData("ws")]
    [InlineData("sse")]
    public async Task A_client_library_receives_every_change_in_order_and_resumes_without_a_gap(string mode)
    {
        var node = RequiredServices.Node();
        var folder = RequiredServices.NpmFolder("live-clients", mode == "ws" ? "graphql-ws" : "graphql-sse");
        var url = new Uri(api.Address, "/graphql").ToString();
        using var process = Process.Start(new ProcessStartInfo(node, ["live.mjs", url, TestKeys.Editor, mode])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{output}\n{errors}");
        var result = JsonNode.Parse(output.Trim().Split('\n')[^1])!;
        long[] Versions(string name) => [.. result[name]!.AsArray().Select(v => v!.GetValue<long>())];
        var written = Versions("written");
        Assert.Equal(6, written.Length);
        // Live, in order: the three firms made while connected (anything older the hub published late left aside).
        var live = Versions("live").Where(v => v >= written[0]).ToArray();
        Assert.Equal(written[..3], live);
        // The feed after the last version seen gives the two made while away.
        Assert.Equal(written[2], result["lastSeen"]!.GetValue<long>());
        Assert.Equal(written[3..5], Versions("missed"));
        // And live again after: the last one; all of them, seen once or read back, with no gap.
        Assert.Contains(written[5], Versions("again"));
        var all = live.Concat(Versions("missed")).Concat(Versions("again")).Where(v => v >= written[0]).Distinct().Order().ToArray();
        Assert.Equal(written, all);
    }
}
