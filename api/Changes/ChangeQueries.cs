using System.Globalization;
using System.Text.Json;
using Ecosystem.Api.Auth;
using Ecosystem.Api.Errors;
using Ecosystem.Api.Limits;
using Ecosystem.Api.Loading;
using Ecosystem.Api.Paging;
using Ecosystem.Api.Schema;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Api.Changes;

/// <summary>The feed asked for changes it does not keep: <c>CHANGES_NOT_KEPT</c>, with the version to follow after in <c>extensions.resumeAfter</c>.</summary>
public sealed class ChangesNotKeptException(string message, long resumeAfter) : ApiException(ErrorCodes.ChangesNotKept, message)
{
    public long ResumeAfter { get; } = resumeAfter;
}

/// <summary>What a client may ask of the feed, checked the same way for GraphQL and for GET /changes.</summary>
public static class ChangeRequests
{
    /// <summary>The most change sets one page holds.</summary>
    public const int MaxFirst = 1000;

    /// <summary>The kinds a client may name: every node kind, and SupplyLink.</summary>
    public static readonly IReadOnlyList<string> Kinds = [.. Enum.GetNames<NodeKind>(), "SupplyLink"];

    /// <summary>The page, as the reader may see it; a bad argument is BAD_USER_INPUT, a version not kept CHANGES_NOT_KEPT.</summary>
    public static async Task<ChangePage> ReadAsync(ChangeFeed feed, ChangeQuery query, CancellationToken cancellationToken)
    {
        if (query.First is < 1 or > MaxFirst)
        {
            throw new ChangeArgumentException($"first must be from 1 to {MaxFirst}.");
        }
        if (query.MaxItems is < 0 or > 1000)
        {
            throw new ChangeArgumentException("itemsPerChange must be from 0 to 1000.");
        }
        try
        {
            return await feed.ReadAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ChangeArgumentException(e.Message.Split(" (Parameter", 2)[0] + ".");
        }
        catch (Graph.Store.ChangesNotKeptException e)
        {
            throw new ChangesNotKeptException(e.Message, e.ResumeAfter);
        }
    }

    /// <summary>A change set as JSON (one line of GET /changes): the actor and note for admins only.</summary>
    public static void Write(Utf8JsonWriter json, GraphChange change, bool admin)
    {
        json.WriteStartObject();
        json.WriteNumber("version", change.Version);
        json.WriteString("at", change.At);
        json.WriteString("operation", change.Operation);
        if (admin)
        {
            json.WriteString("actor", change.Actor);
            if (change.Note is not null)
            {
                json.WriteString("note", change.Note);
            }
        }
        json.WriteNumber("itemCount", change.ItemCount);
        json.WriteBoolean("moreItems", change.MoreItems);
        json.WriteStartArray("items");
        foreach (var item in change.Items)
        {
            json.WriteStartObject();
            json.WriteString("id", item.Id);
            json.WriteString("kind", item.Kind);
            json.WriteString("action", item.Action.ToString().ToUpperInvariant());
            json.WriteStartArray("fields");
            foreach (var field in item.Fields)
            {
                json.WriteStringValue(field);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("nodeIds");
        foreach (var id in change.NodeIds)
        {
            json.WriteStringValue(id);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}

/// <summary>A bad argument of the feed.</summary>
public sealed class ChangeArgumentException(string message) : ApiException(ErrorCodes.BadUserInput, message);

public static class ChangeQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ChangeConnectionType>>("changes")
            .Description("Every committed change set after a version, oldest first: what a client follows to stay up to date (poll it, or GET /changes as NDJSON). Each says which nodes and links it touched and which of their fields changed (names, never values). Start from the version you last read (a query's graphVersion, or endCursor); a version older than the kept history is CHANGES_NOT_KEPT with extensions.resumeAfter: re-read what you follow, then follow from there.")
            .Argument<IntGraphType>("after", "The version read up to (0: from the start). Change sets after it come.", a => a.DefaultValue = 0)
            .Argument<IntGraphType>("first", $"How many change sets (default 100, at most {ChangeRequests.MaxFirst}).", a => a.DefaultValue = 100)
            .Argument<ListGraphType<NonNullGraphType<ChangeKindType>>>("kinds", "Only items of these kinds, and only change sets that touched one.")
            .Argument<IdGraphType>("nodeId", "Only change sets that touched this node (itself or one of its supply links), and only those items.")
            .Argument<IntGraphType>("itemsPerChange", "At most this many items of each change set (default 100, at most 1,000); itemCount and moreItems say whether there are more.", a => a.DefaultValue = 100)
            .ResolveAsync(async c =>
            {
                var request = c.Request();
                var services = c.RequestServices ?? throw new InvalidOperationException("no request services");
                var kinds = c.GetArgument<List<string>?>("kinds");
                return await ChangeRequests.ReadAsync(services.GetRequiredService<ChangeFeed>(), new ChangeQuery
                {
                    After = c.GetArgument("after", 0),
                    First = c.GetArgument("first", 100),
                    Kinds = kinds?.ToHashSet(StringComparer.Ordinal),
                    NodeId = c.GetArgument<string?>("nodeId"),
                    MaxItems = c.GetArgument("itemsPerChange", 100),
                    ReadsRestricted = request.Loaders.ReadsRestricted,
                }, c.CancellationToken).ConfigureAwait(false);
            });
    }
}

public sealed class ChangeKindType : EnumerationGraphType
{
    public ChangeKindType()
    {
        Name = "ChangeKind";
        Description = "What a change touched: a node of a kind, or a supply link.";
        foreach (var kind in ChangeRequests.Kinds)
        {
            Add(string.Concat(kind.Select((ch, i) => i > 0 && char.IsUpper(ch) ? "_" + ch : ch.ToString())).ToUpperInvariant(), kind, kind == "SupplyLink" ? "A supply link." : $"A {kind} node.");
        }
    }
}

public sealed class ChangeActionType() : DescribedEnumType<ChangeAction>("ChangeAction", "What a change set did to an item.", new Dictionary<ChangeAction, string>
{
    [ChangeAction.Created] = "It did not exist before.",
    [ChangeAction.Updated] = "Some of its fields changed.",
    [ChangeAction.Deleted] = "It no longer exists (a merged firm's id still resolves to the firm kept).",
});

public sealed class ChangeConnectionType : ObjectGraphType<ChangePage>
{
    public ChangeConnectionType()
    {
        Name = "ChangeConnection";
        Description = "A page of the change feed, oldest first.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GraphChangeType>>>>("nodes").Description("The change sets.").Resolve(c => c.Source.Changes);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Description("endCursor (a version) goes in after for the next page; hasNextPage says whether more change sets are kept now.").Resolve(c => new PageInfo(
            c.Source.HasMore, false,
            c.Source.Changes.Count == 0 ? null : c.Source.Changes[0].Version.ToString(CultureInfo.InvariantCulture),
            c.Source.EndVersion.ToString(CultureInfo.InvariantCulture)));
        Field<NonNullGraphType<IntGraphType>>("endVersion").Description("The version this page read up to: the after of the next page.").Resolve(c => checked((int)c.Source.EndVersion));
        Field<NonNullGraphType<IntGraphType>>("graphVersion").Description("The graph's version when the page was read.").Resolve(c => checked((int)c.Source.CurrentVersion));
    }
}

public sealed class GraphChangeType : ObjectGraphType<GraphChange>
{
    public GraphChangeType()
    {
        Name = "GraphChange";
        Description = "One committed change set: its version, time and operation, and the items it touched.";
        Field<NonNullGraphType<IntGraphType>>("version").Description("The graph version it made.").Resolve(c => checked((int)c.Source.Version));
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("at").Description("When it was committed.").Resolve(c => c.Source.At);
        Field<NonNullGraphType<StringGraphType>>("operation").Description("The mutation (upsertFirm, addSupplyLink, mergeFirms, ...) or import.").Resolve(c => c.Source.Operation);
        Field<StringGraphType>("actor").Description("Who made it (admins only).").Restricted(Role.Admin).Resolve(c => c.Source.Actor);
        Field<NonNullGraphType<IntGraphType>>("itemCount").Description(
            "How many items it touched that this page shows the kind of (more than items holds for a large import). A caller who may not see restricted " +
            "sourcing requests is given the number of items read (up to itemsPerChange): the rest of a large change set cannot be told restricted or not unread.").Resolve(c => c.Source.ItemCount);
        Field<NonNullGraphType<BooleanGraphType>>("moreItems").Description("Whether it touched more items than items holds (ask with a larger itemsPerChange, up to 1,000, to read more).").Resolve(c => c.Source.MoreItems);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ChangedItemType>>>>("items").Description("The items, in the order written, up to itemsPerChange.").Resolve(c => c.Source.Items);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("nodeIds").Description("The nodes it touched: the items that are nodes, and the supplier and buyer of each link.").Resolve(c => c.Source.NodeIds);
    }
}

public sealed class ChangedItemType : ObjectGraphType<ChangedItem>
{
    public ChangedItemType()
    {
        Name = "ChangedItem";
        Description = "A node or supply link a change set touched, and which of its fields changed (names only: read the item for its values, which follow the caller's role).";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The node's or link's id.").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<ChangeKindType>>("kind").Description("Its kind.").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<ChangeActionType>>("action").Description("Created, updated or deleted.").Resolve(c => c.Source.Action);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("fields").Description("The fields that changed, in name order (all of them for a creation or a deletion).").Resolve(c => c.Source.Fields);
    }
}
