using System.Net;
using System.Text.Json.Nodes;
using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Neo4j;
using Newtonsoft.Json.Linq;
using Snapshooter;
using Snapshooter.Xunit;
using static Ecosystem.Tests.Store.TestGraph;

namespace Ecosystem.Tests.Store.Neo4j;

/// <summary>Change sets on Neo4j: checked whole, written in one transaction with the version, audited, deletes checked.</summary>
public partial class Neo4jGraphStoreTests
{
    [Fact]
    public async Task A_change_set_is_checked_whole_then_written_in_one_transaction_that_bumps_the_version()
    {
        var source = new Source { Id = Src, Name = "Test fixture (synthetic)", Synthetic = true };
        var firm = Firm("firm:new", "Công ty Mới", "VN", "province:01-ha-noi", null, "sector:22", FirmRole.SupportingIndustry);
        var link = Link("firm:new", L, "sector:22", 42, "hạt nhựa");
        var server = new ScriptedNeo4j()
            .ThenRows(["id", "kind"], ["province:01-ha-noi", "Province"], ["sector:22", "Sector"], [Src, "Source"], [L, "Firm"])
            .Then(HttpStatusCode.Accepted, "begin-transaction")
            .ThenRows(["written"], [new List<object?> { "firm:new" }])
            .ThenRows([])
            .ThenRows([])
            .ThenRows([])
            .ThenRows(["written"], [1L])
            .ThenRows(["version"], [4L])
            .Then(HttpStatusCode.Accepted, "commit");
        var result = await new Neo4jGraphStore(server.Client()).ApplyAsync(new ChangeSet { UpsertNodes = [firm], UpsertLinks = [link] });
        Assert.Equal(new ChangeResult(4, 1, 0, 1, 0), result);
        MatchStatements(server, "change_set");
        _ = source;
    }

    [Fact]
    public async Task A_change_set_made_against_a_version_locks_the_version_first_and_is_rolled_back_when_it_moved()
    {
        var firm = Firm("firm:new", "Công ty Mới", "VN", "province:01-ha-noi", null, "sector:22", FirmRole.SupportingIndustry);
        var changes = new ChangeSet { UpsertNodes = [firm], ExpectedVersion = 3 };
        var lookups = new object?[][] { ["province:01-ha-noi", "Province"], ["sector:22", "Sector"], [Src, "Source"] };

        // Still at version 3: the lock's statement comes first in the transaction, then the write, then the bump.
        var server = new ScriptedNeo4j()
            .ThenRows(["id", "kind"], lookups)
            .Then(HttpStatusCode.Accepted, "begin-transaction")
            .ThenRows(["version"], [3L])
            .ThenRows(["written"], [new List<object?> { "firm:new" }])
            .ThenRows([])
            .ThenRows([])
            .ThenRows([])
            .ThenRows(["version"], [4L])
            .Then(HttpStatusCode.Accepted, "commit");
        Assert.Equal(new ChangeResult(4, 1, 0, 0, 0), await new Neo4jGraphStore(server.Client()).ApplyAsync(changes));
        MatchStatements(server, "expected_version");

        // Moved on to 4: nothing is written, the transaction is rolled back, and the caller is told.
        var moved = new ScriptedNeo4j()
            .ThenRows(["id", "kind"], lookups)
            .Then(HttpStatusCode.Accepted, "begin-transaction")
            .ThenRows(["version"], [4L])
            .Then(HttpStatusCode.OK);
        var refused = await Assert.ThrowsAsync<GraphChangedException>(() => new Neo4jGraphStore(moved.Client()).ApplyAsync(changes));
        Assert.Equal((3L, 4L), (refused.Expected, refused.Actual));
        Assert.Equal(["POST", "POST", "POST", "DELETE"], moved.Requests.Select(r => r["method"]!.GetValue<string>()));
        Assert.Contains("lockedAt", moved.Requests[2]["body"]!["statement"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_audited_change_set_reads_the_states_before_in_its_transaction_and_writes_its_entry_there()
    {
        var firm = Firm("firm:new", "Công ty Mới", "VN", "province:01-ha-noi", null, "sector:22", FirmRole.SupportingIndustry);
        var old = Link("firm:new", L, "sector:22", 42, "hạt nhựa");
        var link = old with { ValueUsd = 50 };
        var at = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(7));
        var server = new ScriptedNeo4j()
            .ThenRows(["id", "kind"], ["province:01-ha-noi", "Province"], ["sector:22", "Sector"], [Src, "Source"], [L, "Firm"])
            .Then(HttpStatusCode.Accepted, "begin-transaction")
            .ThenRows(["id", "json"], ["firm:new", null])
            .ThenRows(["id", "json"], [link.Id, Neo4jGraph.LinkJsonOf(old)])
            .ThenRows(["written"], [new List<object?> { "firm:new" }])
            .ThenRows([])
            .ThenRows([])
            .ThenRows([])
            .ThenRows(["written"], [1L])
            .ThenRows(["version"], [4L])
            .ThenRows([])
            .ThenRows([])
            .Then(HttpStatusCode.Accepted, "commit")
            // Reading the log: the versions, the entries, their changes.
            .ThenRows(["version"], [4L])
            .ThenRows(["version", "at", "actor", "operation", "note", "sources", "changeCount"], [4L, at.ToString("O"), "editor-key", "addSupplyLink", null, new List<object?> { Src }, 2L])
            .ThenRows(["version", "item", "kind", "before", "after"], [4L, "firm:new", "Firm", null, Neo4jGraph.NodeJsonOf(firm)], [4L, link.Id, "SupplyLink", "{}", "{}"]);
        var store = new Neo4jGraphStore(server.Client());
        var result = await store.ApplyAsync(new ChangeSet { UpsertNodes = [firm], UpsertLinks = [link], Audit = new AuditInfo("editor-key", "addSupplyLink", at) });
        Assert.Equal(new ChangeResult(4, 1, 0, 1, 0), result);
        // The entry went out with both changes: the new firm (no before) and the link's new value (its before as stored).
        var changes = server.Requests.Select(r => r["body"]?["parameters"]?["changes"]).OfType<System.Text.Json.Nodes.JsonNode>().Single().ToJsonString();
        Assert.Contains("firm:new", changes, StringComparison.Ordinal);
        Assert.Contains(link.Id.Replace(">", "\\u003E", StringComparison.Ordinal), changes, StringComparison.Ordinal);

        var page = await store.ReadAuditAsync(new AuditQuery { First = 5, NodeId = "firm:new" });
        Assert.False(page.HasMore);
        var entry = page.Entries.Single();
        Assert.Equal((4L, "editor-key", "addSupplyLink", at, 2), (entry.Version, entry.Actor, entry.Operation, entry.At, entry.ChangeCount));
        Assert.Equal(["firm:new", link.Id], entry.Changes.Select(c => c.ItemId));
        MatchStatements(server, "audit");
    }

    [Fact]
    public async Task Deletes_are_checked_against_what_still_refers_to_them_and_made_in_the_transaction()
    {
        var link = Build().UpsertLinks.Single(l => l.SupplierId == F);
        var server = new ScriptedNeo4j()
            .ThenRows(["id", "kind"], [F, "Firm"], ["sector:22", "Sector"])
            .ThenRows(["id", "referrers"])
            .ThenRows(["id", "links"], [F, new List<object?> { link.Id }])
            .ThenRows(["id", "links"], ["sector:22", new List<object?> { "supply:b>lead/22/vo-nhua" }])
            // A second change set: F alone, its link deleted with it.
            .ThenRows(["id", "kind"], [F, "Firm"])
            .ThenRows(["id", "referrers"])
            .ThenRows(["id", "links"], [F, new List<object?> { link.Id }])
            .ThenRows(["id", "links"])
            .Then(HttpStatusCode.Accepted, "begin-transaction")
            .ThenRows(["deleted"], [1L])
            .ThenRows(["deleted"], [1L])
            .ThenRows(["version"], [5L])
            .Then(HttpStatusCode.Accepted, "commit");
        var store = new Neo4jGraphStore(server.Client());
        // Deleting F and sector 22 while links still use them is refused, naming both.
        var refused = await Assert.ThrowsAsync<ChangeSetRejectedException>(() => store.ApplyAsync(new ChangeSet { DeleteNodes = [F, "sector:22"] }));
        Assert.Equal(["firm:f id: cannot delete: supply links still refer to it", "sector:22 id: cannot delete: supply links still refer to it"], refused.Errors.Select(e => e.ToString()));
        // With its link, F goes.
        var result = await store.ApplyAsync(new ChangeSet { DeleteNodes = [F], DeleteLinks = [link.Id] });
        Assert.Equal(new ChangeResult(5, 0, 1, 0, 1), result);
        MatchStatements(server, "deletes");
    }

    [Fact]
    public async Task A_change_set_with_a_bad_reference_is_refused_before_any_transaction()
    {
        var firm = Firm("firm:new", "Công ty Mới", "VN", "province:99-atlantis", null, "sector:22", null);
        var server = new ScriptedNeo4j().ThenRows(["id", "kind"], ["province:99-atlantis", null], ["sector:22", "Sector"], [Src, "Source"]);
        var error = await Assert.ThrowsAsync<ChangeSetRejectedException>(() =>
            new Neo4jGraphStore(server.Client()).ApplyAsync(new ChangeSet { UpsertNodes = [firm, firm with { Name = "" }] }));
        Assert.Contains(error.Errors, e => e.ToString() == "firm:new province: unknown province 'province:99-atlantis'");
        Assert.Contains(error.Errors, e => e.ToString() == "firm:new id: the change set upserts this id twice");
        Assert.Contains(error.Errors, e => e.ToString() == "firm:new name: name is empty");
        Assert.Single(server.Requests);
    }
}
