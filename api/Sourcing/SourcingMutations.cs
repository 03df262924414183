using Ecosystem.Api.Auth;
using Ecosystem.Api.Firms;
using Ecosystem.Api.Mutations;
using Ecosystem.Api.Paging;
using Ecosystem.Api.Schema;
using Ecosystem.Graph.Data.Input;
using Ecosystem.Graph.Model;
using GraphQL.Types;

namespace Ecosystem.Api.Sourcing;

/// <summary>The mutations of firms' profiles and sourcing requests (editors; each audited).</summary>
public static class SourcingMutations
{
    public static void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<SetFirmCapabilitiesPayloadType>("setFirmCapabilities")
            .Description("Replaces a firm's profile (products, processes, certificates, export markets) with the facts given; empty lists clear it. Each fact cites its sources.")
            .Argument<NonNullGraphType<SetFirmCapabilitiesInputType>>("input", "The firm and its facts.")
            .Restricted(Role.Editor)
            .ResolveAsync(c => Edits.RunAsync<SetCapabilitiesInput, Firm>(c, (editor, input, actor, ct) => editor.SetCapabilitiesAsync(input.Firm, input.Facts(), actor, ct),
                (r, _) => new FirmPayload(r.Item, r.Version, r.Changed)));
        mutation.Field<SourcingRequestPayloadType>("postSourcingRequest")
            .Description("Posts a new sourcing request (its id must be new).")
            .Argument<NonNullGraphType<SourcingRequestInputType>>("input", "The request and its items.")
            .Restricted(Role.Editor)
            .ResolveAsync(c => Edits.RunAsync<SourcingRequestInput, SourcingRequest>(c, (editor, input, actor, ct) => editor.SaveSourcingRequestAsync(input, mustExist: false, actor, ct),
                (r, _) => new SourcingRequestPayload(r.Item, r.Version, r.Changed)));
        mutation.Field<SourcingRequestPayloadType>("updateSourcingRequest")
            .Description("Replaces a sourcing request with the input (same id; postedOn kept when left out).")
            .Argument<NonNullGraphType<SourcingRequestInputType>>("input", "The request and its items.")
            .Restricted(Role.Editor)
            .ResolveAsync(c => Edits.RunAsync<SourcingRequestInput, SourcingRequest>(c, (editor, input, actor, ct) => editor.SaveSourcingRequestAsync(input, mustExist: true, actor, ct),
                (r, _) => new SourcingRequestPayload(r.Item, r.Version, r.Changed)));
        mutation.Field<SourcingRequestPayloadType>("closeSourcingRequest")
            .Description("Closes a sourcing request: it stays readable with status CLOSED.")
            .Argument<NonNullGraphType<CloseSourcingRequestInputType>>("input", "The request.")
            .Restricted(Role.Editor)
            .ResolveAsync(c => Edits.RunAsync<CloseSourcingRequestInput, SourcingRequest>(c, (editor, input, actor, ct) => editor.CloseSourcingRequestAsync(input.Id, input.Note, actor, ct),
                (r, _) => new SourcingRequestPayload(r.Item, r.Version, r.Changed)));
    }
}

/// <summary>A firm and the facts of its profile, as setFirmCapabilities takes them.</summary>
public sealed record SetCapabilitiesInput
{
    public string Firm { get; init; } = "";
    public IReadOnlyList<ProductFactInput> Products { get; init; } = [];
    public IReadOnlyList<ProcessFactInput> Processes { get; init; } = [];
    public IReadOnlyList<CertificationFactInput> Certifications { get; init; } = [];
    public IReadOnlyList<ExportMarketFactInput> ExportMarkets { get; init; } = [];

    /// <summary>The facts in one list (products, processes, certificates, markets), as the import reads them.</summary>
    public IReadOnlyList<CapabilityInput> Facts() =>
    [
        .. Products.Select(p => new CapabilityInput { Firm = Firm, Kind = CapabilityKind.Product, Code = p.Code, Detail = p.Description, Capacity = p.AnnualCapacity, Unit = p.Unit, Verified = p.Verified ?? false, Sources = p.Sources }),
        .. Processes.Select(p => new CapabilityInput { Firm = Firm, Kind = CapabilityKind.Process, Code = p.Code, Detail = p.Detail, Verified = p.Verified ?? false, Sources = p.Sources }),
        .. Certifications.Select(p => new CapabilityInput { Firm = Firm, Kind = CapabilityKind.Certification, Code = p.Standard, Detail = p.Number, Issuer = p.Issuer, ValidFrom = p.IssuedOn, ValidTo = p.ExpiresOn, Verified = p.Verified ?? false, Sources = p.Sources }),
        .. ExportMarkets.Select(p => new CapabilityInput { Firm = Firm, Kind = CapabilityKind.ExportMarket, Code = p.Country, Verified = p.Verified ?? false, Sources = p.Sources }),
    ];
}

public sealed record ProductFactInput
{
    public string Code { get; init; } = "";
    public string? Description { get; init; }
    public double? AnnualCapacity { get; init; }
    public string? Unit { get; init; }
    public bool? Verified { get; init; }
    public IReadOnlyList<string> Sources { get; init; } = [];
}

public sealed record ProcessFactInput
{
    public string Code { get; init; } = "";
    public string? Detail { get; init; }
    public bool? Verified { get; init; }
    public IReadOnlyList<string> Sources { get; init; } = [];
}

public sealed record CertificationFactInput
{
    public string Standard { get; init; } = "";
    public string? Number { get; init; }
    public string? Issuer { get; init; }
    public DateOnly? IssuedOn { get; init; }
    public DateOnly? ExpiresOn { get; init; }
    public bool? Verified { get; init; }
    public IReadOnlyList<string> Sources { get; init; } = [];
}

public sealed record ExportMarketFactInput
{
    public string Country { get; init; } = "";
    public bool? Verified { get; init; }
    public IReadOnlyList<string> Sources { get; init; } = [];
}

public sealed record CloseSourcingRequestInput
{
    public string Id { get; init; } = "";
    public string? Note { get; init; }
}

public sealed record SourcingRequestPayload(SourcingRequest Request, long Version, bool Changed);

public sealed class SetFirmCapabilitiesInputType : RecordInputType<SetCapabilitiesInput>
{
    public SetFirmCapabilitiesInputType()
    {
        Name = "SetFirmCapabilitiesInput";
        Description = "A firm's whole profile: the lists replace what it had (facts are numbered in the order products, processes, certifications, exportMarkets in error fields: facts[N]).";
        Field<NonNullGraphType<IdGraphType>>("firm").Description("The firm (id, with or without the prefix).");
        Field<ListGraphType<NonNullGraphType<ProductFactInputType>>>("products").Description("Products it makes.");
        Field<ListGraphType<NonNullGraphType<ProcessFactInputType>>>("processes").Description("Processes it runs.");
        Field<ListGraphType<NonNullGraphType<CertificationFactInputType>>>("certifications").Description("Certificates it holds.");
        Field<ListGraphType<NonNullGraphType<ExportMarketFactInputType>>>("exportMarkets").Description("Countries it exports to.");
    }
}

public sealed class ProductFactInputType : RecordInputType<ProductFactInput>
{
    public ProductFactInputType()
    {
        Name = "FirmProductInput";
        Description = "A product a firm makes.";
        Field<NonNullGraphType<StringGraphType>>("code").Description("HS 2022 code: \"87\", \"8708\", \"870829\" or \"8708.29\".");
        Field<StringGraphType>("description").Description("What it makes, in its own words.");
        Field<FloatGraphType>("annualCapacity").Description("How much it can make a year (> 0), in unit.");
        Field<StringGraphType>("unit").Description("The unit of annualCapacity (required with it).");
        Field<BooleanGraphType>("verified").Description("True when checked (default false: stated by the firm).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("sources").Description("The sources that state it (at least one, each in the graph).");
    }
}

public sealed class ProcessFactInputType : RecordInputType<ProcessFactInput>
{
    public ProcessFactInputType()
    {
        Name = "FirmProcessInput";
        Description = "A process a firm runs.";
        Field<NonNullGraphType<StringGraphType>>("code").Description("The catalogue's code (\"stamping\"; see processes).");
        Field<StringGraphType>("detail").Description("Detail in its own words.");
        Field<BooleanGraphType>("verified").Description("True when checked (default false).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("sources").Description("The sources that state it.");
    }
}

public sealed class CertificationFactInputType : RecordInputType<CertificationFactInput>
{
    public CertificationFactInputType()
    {
        Name = "CertificationInput";
        Description = "A certificate a firm holds.";
        Field<NonNullGraphType<StringGraphType>>("standard").Description("The standard's code as the catalogue writes it (\"IATF 16949\"; see certificationStandards).");
        Field<StringGraphType>("number").Description("The certificate's number.");
        Field<StringGraphType>("issuer").Description("The body that issued it.");
        Field<DateType>("issuedOn").Description("The day it was issued (not in the future).");
        Field<DateType>("expiresOn").Description("The last day it holds (not before issuedOn).");
        Field<BooleanGraphType>("verified").Description("True when checked (default false).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("sources").Description("The sources that state it.");
    }
}

public sealed class ExportMarketFactInputType : RecordInputType<ExportMarketFactInput>
{
    public ExportMarketFactInputType()
    {
        Name = "ExportMarketInput";
        Description = "A country a firm exports to.";
        Field<NonNullGraphType<StringGraphType>>("country").Description("ISO 3166-1 alpha-2 code.");
        Field<BooleanGraphType>("verified").Description("True when checked (default false).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("sources").Description("The sources that state it.");
    }
}

public sealed class SourcingRequestInputType : RecordInputType<SourcingRequestInput>
{
    public SourcingRequestInputType()
    {
        Name = "SourcingRequestInput";
        Description = "A sourcing request as sourcing.csv has it, its items as a list (errors name them items[N]).";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The request's id (\"request:...\", or without the prefix).");
        Field<NonNullGraphType<StringGraphType>>("buyer").Description("The buyer firm by id or tax code.");
        Field<NonNullGraphType<StringGraphType>>("title").Description("The request's title.");
        Field<DateType>("postedOn").Description("The day it was posted (default today in Vietnam; not in the future).");
        Field<DateType>("neededBy").Description("The day suppliers are needed by (not before postedOn).");
        Field<SourcingStatusType>("status").Description("OPEN (default) or CLOSED.");
        Field<BooleanGraphType>("restricted").Description("True to show it to analysts and up only (default false: public).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SourcingItemInputType>>>>("items").Description("At least one item.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("sources").Description("The sources that state it (at least one, each in the graph).");
    }
}

public sealed class SourcingItemInputType : RecordInputType<SourcingItemInput>
{
    public SourcingItemInputType()
    {
        Name = "SourcingItemInput";
        Description = "One part asked for: a product, a sector or both.";
        Field<NonNullGraphType<StringGraphType>>("key").Description("The item's key within the request (1-40 ASCII letters, digits, '-', '_').");
        Field<StringGraphType>("hsCode").Description("HS 2022 code of the part.");
        Field<StringGraphType>("sector").Description("VSIC 2025 code of the part's sector.");
        Field<StringGraphType>("description").Description("The part in the buyer's words.");
        Field<FloatGraphType>("annualQuantity").Description("How much a year (> 0), in unit.");
        Field<StringGraphType>("unit").Description("The unit of annualQuantity (required with it).");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("requiredCertifications").Description("Standards' codes a supplier must hold (\"IATF 16949\").");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("requiredProcesses").Description("Process codes a supplier should run.");
        Field<FloatGraphType>("maxDistanceKm").Description("How far from the buyer a supplier may be, in km.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("provinces").Description("Provinces a supplier must be in (code, name or id, old or new).");
    }
}

public sealed class CloseSourcingRequestInputType : RecordInputType<CloseSourcingRequestInput>
{
    public CloseSourcingRequestInputType()
    {
        Name = "CloseSourcingRequestInput";
        Description = "The request to close.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The request's id.");
        Field<StringGraphType>("note").Description("Why (kept in the audit log).");
    }
}

public sealed class SetFirmCapabilitiesPayloadType : ObjectGraphType<FirmPayload>
{
    public SetFirmCapabilitiesPayloadType()
    {
        Name = "SetFirmCapabilitiesPayload";
        Description = "What setFirmCapabilities wrote.";
        Field<NonNullGraphType<FirmType>>("firm").Description("The firm as written.").Resolve(c => c.Source.Firm);
        PayloadFields.AddVersion(this, p => p.Version, p => p.Changed);
    }
}

public sealed class SourcingRequestPayloadType : ObjectGraphType<SourcingRequestPayload>
{
    public SourcingRequestPayloadType()
    {
        Name = "SourcingRequestPayload";
        Description = "The sourcing request as written.";
        Field<NonNullGraphType<SourcingRequestType>>("request").Description("The request as written.").Resolve(c => c.Source.Request);
        PayloadFields.AddVersion(this, p => p.Version, p => p.Changed);
    }
}

public static class SourcingQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<SourcingRequestType>("sourcingRequest")
            .Description("A sourcing request by id; null when none has it (or it is restricted and the caller is below analyst).")
            .Argument<NonNullGraphType<IdGraphType>>("id", "The request's id.")
            .Resolve(c => Loading.RequestContextExtensions.Loaders(c).Node<SourcingRequest>(Graph.Rules.NodeIds.Prefixed(NodeKind.SourcingRequest, GraphQL.ResolveFieldContextExtensions.GetArgument<string>(c, "id"))));
        query.Field<NonNullGraphType<Paging.ConnectionType<SourcingRequestType, SourcingRequest>>>("sourcingRequests")
            .Description("Sourcing requests by id (restricted ones only for analysts and up).")
            .Argument<SourcingRequestFilterInputType>("where", "Which requests.")
            .ForwardPaging()
            .ResolveAsync(async c =>
            {
                var loaders = Loading.RequestContextExtensions.Loaders(c);
                var where = GraphQL.ResolveFieldContextExtensions.GetArgument<SourcingRequestFilter?>(c, "where");
                var all = await loaders.Store.ListNodesAsync(new Graph.Store.NodeQuery { Kind = NodeKind.SourcingRequest, First = int.MaxValue }, c.CancellationToken).ConfigureAwait(false);
                var product = where?.Product is { } code ? Products.ProductCodes.IdOf(code) : null;
                var sector = where?.Sector is { } s ? Graph.Rules.SectorCode.ToId(s) : null;
                var buyer = where?.Buyer is { } b ? Graph.Rules.NodeIds.Prefixed(NodeKind.Firm, b) : null;
                var list = all.Items.Select(i => (SourcingRequest)i.Node)
                    .Where(r => loaders.ReadsRestricted || !r.Restricted)
                    .Where(r => where?.Status is not { } status || r.Status == status)
                    .Where(r => buyer is null || r.BuyerId == buyer)
                    .Where(r => product is null || r.Items.Any(i => i.ProductId is { } p && (p == product || p.StartsWith(product, StringComparison.Ordinal))))
                    .Where(r => sector is null || r.Items.Any(i => i.SectorId == sector))
                    .OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
                return Paging.ListPager.Page(list, r => r.Id, Paging.PagingArguments.PageRequest(c));
            });
    }
}

public sealed record SourcingRequestFilter
{
    public string? Buyer { get; init; }
    public SourcingStatus? Status { get; init; }
    public string? Product { get; init; }
    public string? Sector { get; init; }
}

public sealed class SourcingRequestFilterInputType : InputObjectGraphType<SourcingRequestFilter>
{
    public SourcingRequestFilterInputType()
    {
        Name = "SourcingRequestFilter";
        Description = "Which sourcing requests to list; fields combine with AND.";
        Field<IdGraphType>("buyer").Description("Posted by this firm.");
        Field<SourcingStatusType>("status").Description("Open or closed.");
        Field<StringGraphType>("product").Description("With an item asking for this HS code or a product under it.");
        Field<StringGraphType>("sector").Description("With an item in this sector (VSIC 2025 code).");
    }
}
