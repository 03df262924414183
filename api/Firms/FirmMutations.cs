using Ecosystem.Api.Auth;
using Ecosystem.Api.Mutations;
using Ecosystem.Graph.Data.Input;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using GraphQL.Types;

namespace Ecosystem.Api.Firms;

/// <summary>The firm mutations: upsertFirm and mergeFirms.</summary>
public static class FirmMutations
{
    public static void AddUpsertFirm(ObjectGraphType mutation) =>
        mutation.Field<UpsertFirmPayloadType>("upsertFirm")
            .Description("Adds a firm or replaces the values the input carries.")
            .Argument<NonNullGraphType<UpsertFirmInputType>>("input", "The firm.")
            .Restricted(Role.Editor)
            .ResolveAsync(c => Edits.RunAsync<FirmInput, Firm>(c, (editor, input, actor, ct) => editor.UpsertFirmAsync(input, actor, ct),
                (r, _) => new FirmPayload(r.Item, r.Version, r.Changed)));

    public static void AddMergeFirms(ObjectGraphType mutation) =>
        mutation.Field<MergeFirmsPayloadType>("mergeFirms")
            .Description("Folds a duplicate firm into the one kept: links re-pointed, parks it developed re-pointed, sectors, roles, alliances and sources combined; the duplicate's id still resolves to the firm kept.")
            .Argument<NonNullGraphType<MergeFirmsInputType>>("input", "The two firms.")
            .Restricted(Role.Editor)
            .ResolveAsync(c => Edits.RunAsync<MergeFirmsInput, (Firm Kept, int Relinked)>(c,
                (editor, input, actor, ct) => editor.MergeFirmsAsync(NodeIds.Prefixed(NodeKind.Firm, input.Keep), NodeIds.Prefixed(NodeKind.Firm, input.Duplicate), input.Note, actor, ct),
                (r, input) => new MergePayload(r.Item.Kept, NodeIds.Prefixed(NodeKind.Firm, input.Duplicate), r.Item.Relinked, r.Version, r.Changed)));
}

/// <summary>Two records of one firm, as mergeFirms takes them.</summary>
public sealed record MergeFirmsInput
{
    public string Keep { get; init; } = "";
    public string Duplicate { get; init; } = "";
    public string? Note { get; init; }
}

/// <summary>The import's firm columns in camelCase, bound to <see cref="FirmInput"/>.</summary>
public sealed class UpsertFirmInputType : RecordInputType<FirmInput>
{
    public UpsertFirmInputType()
    {
        Name = "UpsertFirmInput";
        Description = "A firm as the import's firms file has it. The values of the first columns (address and ward among them) replace the firm's (what is left out is cleared), and its placement is derived again from them; originCountry, size, employees, foundedYear, revenueUsd, alliances and identifiers, when left out or null, stay as they were; notes and the profile (setFirmCapabilities) are not changed here.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The firm's id (\"firm:...\", or without the prefix).");
        Field<NonNullGraphType<StringGraphType>>("name").Description("Registered or trading name.");
        Field<StringGraphType>("taxCode").Description("Tax code (MST), 10 digits or 13 with a branch; its check digit is verified, and no other firm may have it.");
        Field<OwnershipType>("ownership").Description("Who owns the firm (firms in Vietnam only).");
        Field<NonNullGraphType<StringGraphType>>("country").Description("ISO 3166-1 alpha-2 country where the firm operates; VN for Vietnam.");
        Field<StringGraphType>("province").Description("The province: code, name or id, before or after the 2025 merger (firms in Vietnam only).");
        Field<StringGraphType>("park").Description("The park: id, or its name when only one park has it.");
        Field<StringGraphType>("address").Description("Street address as the source gives it.");
        Field<StringGraphType>("ward").Description("The ward (commune-level unit): its code (\"00004\": the unit in force with it, else the former one), its id, or its name within the province. It must lie in the province; it places the firm in the pre-2025 map (see Firm.placement), and gives the province when none is given.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("sectors").Description("VSIC 2025 codes (or \"ISIC4:\" prefixed) of sectors in the graph.");
        Field<ListGraphType<NonNullGraphType<FirmRoleType>>>("roles").Description("The parts the firm plays.");
        Field<FloatGraphType>("lat").Description("Latitude; with lng; inside Vietnam for a firm in Vietnam.");
        Field<FloatGraphType>("lng").Description("Longitude; with lat.");
        Field<StringGraphType>("originCountry").Description("For FDI firms and joint ventures, the investor's country (ISO alpha-2).");
        Field<FirmSizeType>("size").Description("Size class.");
        Field<IntGraphType>("employees").Description("Employees (0 to 10,000,000).");
        Field<IntGraphType>("foundedYear").Description("The year founded or registered (1800 to this year).");
        Field<FloatGraphType>("revenueUsd").Description("Annual revenue in USD (read by analysts and up only).");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("alliances").Description("Alliances it belongs to, by id; null or left out keeps what it had, an empty list clears them.");
        Field<ListGraphType<NonNullGraphType<FirmIdentifierInputType>>>("identifiers").Description("Identifiers in other registers, each checked by its rule and held by no other firm; null or left out keeps what it had, an empty list clears them.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("sources").Description("The sources that state this (at least one, each in the graph).");
    }

    /// <summary>Alliances and identifiers left out or null stay as the firm had them (a list given, even empty, replaces them).</summary>
    public override object ParseDictionary(IDictionary<string, object?> value)
    {
        var input = (FirmInput)base.ParseDictionary(value);
        return input with
        {
            Alliances = value.TryGetValue("alliances", out var alliances) && alliances is not null ? input.Alliances : null,
            Identifiers = value.TryGetValue("identifiers", out var identifiers) && identifiers is not null ? input.Identifiers : null,
        };
    }
}

public sealed class MergeFirmsInputType : RecordInputType<MergeFirmsInput>
{
    public MergeFirmsInputType()
    {
        Name = "MergeFirmsInput";
        Description = "Two records of one firm: the duplicate is folded into the one kept.";
        Field<NonNullGraphType<IdGraphType>>("keep").Description("The firm that stays.");
        Field<NonNullGraphType<IdGraphType>>("duplicate").Description("The firm folded into it; its id keeps resolving to the one kept.");
        Field<StringGraphType>("note").Description("Why they are one firm (kept in the audit log).");
    }
}

public sealed record FirmPayload(Firm Firm, long Version, bool Changed);

public sealed record MergePayload(Firm Firm, string MergedId, int RelinkedLinks, long Version, bool Changed);

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
