using System.Net;
using System.Text.Json.Nodes;
using Ecosystem.Api.Auth;
using Ecosystem.Graph.Data.Editing;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Tests.Store;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ecosystem.Tests.Api;

public sealed class EditConflictTests(ContendedApiFactory api) : IClassFixture<ContendedApiFactory>
{
    [Fact]
    public async Task An_edit_the_graph_keeps_changing_under_is_refused_with_CONFLICT_and_nothing_written()
    {
        using var client = api.ClientAs(Role.Editor);
        using var response = await client.SendAsync(EcosystemApiFactory.Post(
            "mutation { addSource(input: { id: \"contended\", title: \"Nguồn tranh chấp\" }) { source { id } version } }"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(body["data"]!["addSource"]);
        var error = body["errors"]!.AsArray().Single()!;
        Assert.Equal("CONFLICT", error["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal(["addSource"], error["path"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Contains("nothing was written", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        // The other writer's changes went in, one per attempt; the refused edit did not.
        var found = (await api.DataAsync("{ a: node(id: \"source:contended\") { id } b: node(id: \"source:other-writer-5\") { id } c: node(id: \"source:other-writer-6\") { id } }"));
        Assert.Null(found["a"]);
        Assert.NotNull(found["b"]);
        Assert.Null(found["c"]);
    }
}
