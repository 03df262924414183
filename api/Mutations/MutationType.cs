using System.Globalization;
using Ecosystem.Api.Auth;
using Ecosystem.Api.Errors;
using Ecosystem.Api.Firms;
using Ecosystem.Api.Parks;
using Ecosystem.Api.Sources;
using Ecosystem.Api.SupplyLinks;
using Ecosystem.Graph.Data.Editing;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Types;

namespace Ecosystem.Api.Mutations;

/// <summary>
/// Edits of the graph, for editors. Each is checked whole before anything is written (BAD_USER_INPUT, one error per
/// invalid input field, with extensions.field naming it), then written as one atomic change set that bumps the graph
/// version and goes into the audit log with the caller's name. The payload gives what changed and the new version.
/// </summary>
public sealed class MutationType : ObjectGraphType
{
    public MutationType()
    {
        Name = "Mutation";
        Description = "Edits of the graph (editor role): each one atomic, checked whole first, and kept in the audit log.";

        Field<UpsertFirmPayloadType>("upsertFirm")
            .Description("Adds a firm or replaces the values the input carries.")
            .Argument<NonNullGraphType<UpsertFirmInputType>>("input", "The firm.")
            .Restricted(Role.Editor)
            .ResolveAsync(c => EditAsync(c, (editor, input, actor, ct) => editor.UpsertFirmAsync(new FirmInput
            {
                Id = Text(input, "id")!,
                Name = Text(input, "name") ?? "",
                TaxCode = Text(input, "taxCode"),
                Ownership = input.GetValueOrDefault("ownership") as Ownership?,
                Country = Text(input, "country") ?? "",
                Province = Text(input, "province"),
                Park = Text(input, "park"),
                Sectors = Texts(input, "sectors"),
                Roles = [.. List(input, "roles").OfType<FirmRole>()],
                Lat = Number(input, "lat"),
                Lng = Number(input, "lng"),
                Sources = Texts(input, "sources"),
            }, actor, ct), r => new FirmPayload(r.Item, r.Version, r.Changed)));

        Field<UpsertParkPayloadType>("upsertPark")
            .Description("Adds a park, cluster or zone, or replaces the values the input carries.")
            .Argument<NonNullGraphType<UpsertParkInputType>>("input", "The park.")
            .Restricted(Role.Editor)
            .ResolveAsync(c => EditAsync(c, (editor, input, actor, ct) => editor.UpsertParkAsync(new ParkInput
            {
                Id = Text(input, "id")!,
                Name = Text(input, "name") ?? "",
                NameEn = Text(input, "nameEn"),
                Kind = (ParkKind)input["kind"]!,
                Status = input.GetValueOrDefault("status") as ParkStatus? ?? ParkStatus.Unknown,
                Province = Text(input, "province") ?? "",
                TotalAreaHa = Number(input, "totalAreaHa"),
                IndustrialAreaHa = Number(input, "industrialAreaHa"),
                LeasedAreaHa = Number(input, "leasedAreaHa"),
                OccupancyPercent = Number(input, "occupancyPercent"),
                EstablishedYear = input.GetValueOrDefault("establishedYear") as int?,
                DeveloperName = Text(input, "developerName"),
                Developer = Text(input, "developer"),
                Lat = Number(input, "lat"),
                Lng = Number(input, "lng"),
                PrioritySectors = Texts(input, "prioritySectors"),
                Sources = Texts(input, "sources"),
            }, actor, ct), r => new ParkPayload(r.Item, r.Version, r.Changed)));

        Field<SupplyLinkPayloadType>("addSupplyLink")
            .Description("Adds a supply link between two firms in the graph.")
            .Argument<NonNullGraphType<AddSupplyLinkInputType>>("input", "The link.")
            .Restricted(Role.Editor)
            .ResolveAsync(c => EditAsync(c, (editor, input, actor, ct) => editor.AddSupplyLinkAsync(new LinkInput
            {
                Supplier = Text(input, "supplier") ?? "",
                Buyer = Text(input, "buyer") ?? "",
                Sector = Text(input, "sector") ?? "",
                Product = Text(input, "product"),
                ValueUsd = Number(input, "valueUsd"),
                Since = input.GetValueOrDefault("since") as DateOnly?,
                Until = input.GetValueOrDefault("until") as DateOnly?,
                Confidence = Number(input, "confidence"),
                Sources = Texts(input, "sources"),
            }, actor, ct), r => new LinkPayload(r.Item, r.Version, r.Changed)));

        Field<SupplyLinkPayloadType>("updateSupplyLink")
            .Description("Changes a link's value, dates or confidence; the sources given state the new values.")
            .Argument<NonNullGraphType<UpdateSupplyLinkInputType>>("input", "The link and its new values.")
            .Restricted(Role.Editor)
            .ResolveAsync(c => EditAsync(c, (editor, input, actor, ct) => editor.UpdateSupplyLinkAsync(new LinkUpdate
            {
                Id = Text(input, "id")!,
                ValueUsd = input.ContainsKey("valueUsd") ? Number(input, "valueUsd") : default(Optional<double?>),
                Since = input.TryGetValue("since", out var since) ? since as DateOnly? : default(Optional<DateOnly?>),
                Until = input.TryGetValue("until", out var until) ? until as DateOnly? : default(Optional<DateOnly?>),
                Confidence = input.ContainsKey("confidence") ? Number(input, "confidence") : default(Optional<double?>),
                Sources = Texts(input, "sources"),
            }, actor, ct), r => new LinkPayload(r.Item, r.Version, r.Changed)));

        Field<SupplyLinkPayloadType>("removeSupplyLink")
            .Description("Removes a link; the payload gives it as it was.")
            .Argument<NonNullGraphType<RemoveSupplyLinkInputType>>("input", "The link, and why.")
            .Restricted(Role.Editor)
            .ResolveAsync(c => EditAsync(c, (editor, input, actor, ct) => editor.RemoveSupplyLinkAsync(Text(input, "id")!, Text(input, "note"), actor, ct),
                r => new LinkPayload(r.Item, r.Version, r.Changed)));

        Field<AddSourcePayloadType>("addSource")
            .Description("Adds a source that facts can then cite. A source that exists with the same values is left as it is; with other values, refused.")
            .Argument<NonNullGraphType<AddSourceInputType>>("input", "The source.")
            .Restricted(Role.Editor)
            .ResolveAsync(c => EditAsync(c, (editor, input, actor, ct) => editor.AddSourceAsync(new SourceInput
            {
                Id = Text(input, "id")!,
                Title = Text(input, "title") ?? "",
                Publisher = Text(input, "publisher"),
                Url = Text(input, "url"),
                Date = input.GetValueOrDefault("date") as DateOnly?,
            }, actor, ct), r => new SourcePayload(r.Item, r.Version, r.Changed)));

        Field<MergeFirmsPayloadType>("mergeFirms")
            .Description("Folds a duplicate firm into the one kept: links re-pointed, parks it developed re-pointed, sectors, roles, alliances and sources combined; the duplicate's id still resolves to the firm kept.")
            .Argument<NonNullGraphType<MergeFirmsInputType>>("input", "The two firms.")
            .Restricted(Role.Editor)
            .ResolveAsync(c => EditAsync(c, (editor, input, actor, ct) => editor.MergeFirmsAsync(Id(input, "keep", "firm"), Id(input, "duplicate", "firm"), Text(input, "note"), actor, ct),
                r => new MergePayload(r.Item.Kept, Id(c.GetArgument<Dictionary<string, object?>>("input"), "duplicate", "firm"), r.Item.Relinked, r.Version, r.Changed)));
    }

    private static async Task<object?> EditAsync<T>(
        IResolveFieldContext c,
        Func<GraphEditor, Dictionary<string, object?>, string, CancellationToken, Task<EditResult<T>>> edit,
        Func<EditResult<T>, object> payload)
    {
        var input = c.GetArgument<Dictionary<string, object?>>("input");
        var editor = c.RequestServices!.GetRequiredService<GraphEditor>();
        try
        {
            return payload(await edit(editor, input, Roles.Actor(c.User), c.CancellationToken).ConfigureAwait(false));
        }
        catch (EditRejectedException rejected)
        {
            // One error per invalid field, each naming it; the mutation's field is null, nothing was written.
            foreach (var error in rejected.Errors)
            {
                var field = error.Field.Length == 0 ? "input" : $"input.{error.Field}";
                var executionError = new ExecutionError($"{field}: {error.Message}") { Code = ErrorCodes.BadUserInput, Path = c.Path };
                executionError.AddLocation(c.FieldAst, c.Document);
                executionError.Data[EcosystemErrorInfoProvider.FieldKey] = field;
                c.Errors.Add(executionError);
            }
            return null;
        }
        catch (GraphChangedException)
        {
            // Other writers (replicas, imports) changed the graph under every attempt: refused whole, to be sent again.
            var executionError = new ExecutionError($"the graph changed while this edit was checked, {GraphEditor.Attempts} times over; nothing was written; send it again")
            {
                Code = ErrorCodes.Conflict,
                Path = c.Path,
            };
            executionError.AddLocation(c.FieldAst, c.Document);
            c.Errors.Add(executionError);
            return null;
        }
    }

    private static string? Text(Dictionary<string, object?> input, string name) =>
        input.GetValueOrDefault(name) switch
        {
            null => null,
            string s => s,
            var other => Convert.ToString(other, CultureInfo.InvariantCulture),
        };

    private static string Id(Dictionary<string, object?> input, string name, string prefix) =>
        Text(input, name) is { } id && !id.StartsWith(prefix + ":", StringComparison.Ordinal) ? $"{prefix}:{id}" : Text(input, name) ?? "";

    private static IEnumerable<object?> List(Dictionary<string, object?> input, string name) =>
        input.GetValueOrDefault(name) as IEnumerable<object?> ?? [];

    private static List<string> Texts(Dictionary<string, object?> input, string name) => [.. List(input, name).OfType<object>().Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)!)];

    private static double? Number(Dictionary<string, object?> input, string name) =>
        input.GetValueOrDefault(name) is { } v ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : null;
}

public sealed record FirmPayload(Firm Firm, long Version, bool Changed);

public sealed record ParkPayload(Park Park, long Version, bool Changed);

public sealed record LinkPayload(SupplyLink Link, long Version, bool Changed);

public sealed record SourcePayload(Source Source, long Version, bool Changed);

public sealed record MergePayload(Firm Firm, string MergedId, int RelinkedLinks, long Version, bool Changed);

internal static class PayloadFields
{
    public static void AddVersion<T>(ObjectGraphType<T> type, Func<T, long> version, Func<T, bool> changed)
    {
        type.Field<NonNullGraphType<IntGraphType>>("version").Description("The graph version after the edit (the same as before when nothing changed).").Resolve(c => checked((int)version(c.Source)));
        type.Field<NonNullGraphType<BooleanGraphType>>("changed").Description("False when the graph already held exactly this.").Resolve(c => changed(c.Source));
    }
}

public sealed class UpsertFirmPayloadType : ObjectGraphType<FirmPayload>
{
    public UpsertFirmPayloadType()
    {
        Name = "UpsertFirmPayload";
        Description = "What upsertFirm wrote.";
        Field<NonNullGraphType<FirmType>>("firm").Description("The firm as written.").Resolve(c => c.Source.Firm);
        PayloadFields.AddVersion(this, p => p.Version, p => p.Changed);
    }
}

public sealed class UpsertParkPayloadType : ObjectGraphType<ParkPayload>
{
    public UpsertParkPayloadType()
    {
        Name = "UpsertParkPayload";
        Description = "What upsertPark wrote.";
        Field<NonNullGraphType<ParkType>>("park").Description("The park as written.").Resolve(c => c.Source.Park);
        PayloadFields.AddVersion(this, p => p.Version, p => p.Changed);
    }
}

public sealed class SupplyLinkPayloadType : ObjectGraphType<LinkPayload>
{
    public SupplyLinkPayloadType()
    {
        Name = "SupplyLinkPayload";
        Description = "The link a link mutation wrote (or removed).";
        Field<NonNullGraphType<SupplyLinkType>>("link").Description("The link as written (as it was, for a removal).").Resolve(c => c.Source.Link);
        PayloadFields.AddVersion(this, p => p.Version, p => p.Changed);
    }
}

public sealed class AddSourcePayloadType : ObjectGraphType<SourcePayload>
{
    public AddSourcePayloadType()
    {
        Name = "AddSourcePayload";
        Description = "What addSource wrote.";
        Field<NonNullGraphType<SourceType>>("source").Description("The source as written.").Resolve(c => c.Source.Source);
        PayloadFields.AddVersion(this, p => p.Version, p => p.Changed);
    }
}

public sealed class MergeFirmsPayloadType : ObjectGraphType<MergePayload>
{
    public MergeFirmsPayloadType()
    {
        Name = "MergeFirmsPayload";
        Description = "What mergeFirms did.";
        Field<NonNullGraphType<FirmType>>("firm").Description("The firm kept, as written.").Resolve(c => c.Source.Firm);
        Field<NonNullGraphType<IdGraphType>>("mergedId").Description("The duplicate's id, which now resolves to the firm kept.").Resolve(c => c.Source.MergedId);
        Field<NonNullGraphType<IntGraphType>>("relinkedLinks").Description("Links of the duplicate now on the firm kept (combined with one it had, or new).").Resolve(c => c.Source.RelinkedLinks);
        PayloadFields.AddVersion(this, p => p.Version, p => p.Changed);
    }
}
