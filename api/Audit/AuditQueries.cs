using System.Globalization;
using Ecosystem.Api.Auth;
using Ecosystem.Api.Limits;
using Ecosystem.Api.Loading;
using Ecosystem.Api.Paging;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Types;

namespace Ecosystem.Api.Audit;

/// <summary>The audit log for admins: every write (mutation or import), newest first.</summary>
public static class AuditQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<AuditLogConnectionType>("auditLog")
            .Description("Every write to the graph (mutation or import), newest first: who, when, which operation, the sources cited, and each changed node's and link's state before and after.")
            .Argument<IntGraphType>("first", "How many entries (default 20, at most the page-size limit).", a => a.DefaultValue = 20)
            .Argument<StringGraphType>("after", "Entries after (older than) this cursor.")
            .Argument<IdGraphType>("nodeId", "Only entries that changed this node or one of its supply links; their changes are those that touch it.")
            .Argument<IntGraphType>("changesPerEntry", "At most this many changes of each entry (default 100, at most 1,000); changeCount has them all.", a => a.DefaultValue = 100)
            .Restricted(Role.Admin)
            .ResolveAsync(async c =>
            {
                var first = c.ListSize(c.GetArgument("first", 20));
                var changes = c.GetArgument("changesPerEntry", 100);
                if (changes is < 0 or > 1000)
                {
                    throw new ListSizeException("changesPerEntry must be between 0 and 1000.");
                }
                long? before = null;
                if (c.GetArgument<string?>("after") is { } after)
                {
                    before = long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0
                        ? v
                        : throw new InvalidCursorException(after);
                }
                var page = await c.Loaders().Store.ReadAuditAsync(new AuditQuery
                {
                    First = first,
                    BeforeVersion = before,
                    NodeId = c.GetArgument<string?>("nodeId"),
                    MaxChanges = changes,
                }, c.CancellationToken).ConfigureAwait(false);
                return page;
            });
    }
}

public sealed class AuditLogConnectionType : ObjectGraphType<AuditPage>
{
    public AuditLogConnectionType()
    {
        Name = "AuditLogConnection";
        Description = "A page of the audit log, newest first.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditEntryType>>>>("nodes").Description("The entries.").Resolve(c => c.Source.Entries);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Description("endCursor goes in after for the next (older) page.").Resolve(c => new PageInfo(
            c.Source.HasMore, false,
            c.Source.Entries.Count == 0 ? null : c.Source.Entries[0].Version.ToString(CultureInfo.InvariantCulture),
            c.Source.Entries.Count == 0 ? null : c.Source.Entries[^1].Version.ToString(CultureInfo.InvariantCulture)));
    }
}

public sealed class AuditEntryType : ObjectGraphType<AuditEntry>
{
    public AuditEntryType()
    {
        Name = "AuditEntry";
        Description = "One write: a change set that changed the graph.";
        Field<NonNullGraphType<IntGraphType>>("version").Description("The graph version the write made (entries are numbered by it).").Resolve(c => checked((int)c.Source.Version));
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("at").Description("When it was made.").Resolve(c => c.Source.At);
        Field<NonNullGraphType<StringGraphType>>("actor").Description("Who made it: the API key's name, the token's subject, or the local user of the CLI.").Resolve(c => c.Source.Actor);
        Field<NonNullGraphType<StringGraphType>>("operation").Description("The mutation (upsertFirm, mergeFirms, ...) or import.").Resolve(c => c.Source.Operation);
        Field<StringGraphType>("note").Description("What the caller added (the files of an import, why a link was removed).").Resolve(c => c.Source.Note);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("sources").Description("Ids of the sources the changed items cite.").Resolve(c => c.Source.Sources);
        Field<NonNullGraphType<IntGraphType>>("changeCount").Description("How many nodes and links it changed.").Resolve(c => c.Source.ChangeCount);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditChangeType>>>>("changes").Description("The changes, up to changesPerEntry (with nodeId: those that touch it).").Resolve(c => c.Source.Changes);
    }
}

public sealed class AuditChangeType : ObjectGraphType<AuditChange>
{
    public AuditChangeType()
    {
        Name = "AuditChange";
        Description = "One node or supply link a write changed, before and after, as JSON.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The node's or link's id.").Resolve(c => c.Source.ItemId);
        Field<NonNullGraphType<StringGraphType>>("kind").Description("Firm, Park, Source, ..., or SupplyLink.").Resolve(c => c.Source.Kind);
        Field<StringGraphType>("before").Description("Its state before, as JSON; null when the write created it.").Resolve(c => c.Source.Before);
        Field<StringGraphType>("after").Description("Its state after, as JSON; null when the write deleted it.").Resolve(c => c.Source.After);
    }
}
