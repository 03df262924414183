using Ecosystem.Graph.Analysis;
using Ecosystem.Api.Auth;
using System.Collections.Concurrent;
using Ecosystem.Api.Limits;
using Ecosystem.Api.Errors;
using Ecosystem.Api.Firms;
using Ecosystem.Api.Loading;
using Ecosystem.Api.Paging;
using Ecosystem.Api.Parks;
using Ecosystem.Api.Schema;
using Ecosystem.Api.Sectors;
using Ecosystem.Api.SupplyChains;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Types;

namespace Ecosystem.Api.Localization;

public sealed class LocalizationArgumentError(string message) : ApiException(ErrorCodes.BadUserInput, message);

/// <summary>
/// A report and the store it came from, so its gaps can fetch their candidates together, once per page size, and the
/// disclosure verdicts on its values are worked out once, for callers who cannot read the values themselves.
/// </summary>
public sealed class LocalizationResult(
    LocalizationReport report, IGraphStore store, DisclosureRules rules, Graph.Rules.ProvinceDirectory provinces,
    Func<DateOnly, string?, CancellationToken, Task<ProvinceMap>>? provinceMap = null)
{
    private readonly ConcurrentDictionary<int, Lazy<Task<IReadOnlyList<IReadOnlyList<SupplierCandidate>>>>> _candidates = new();
    private Task<DisclosureVerdicts>? _verdicts;

    public LocalizationReport Report => report;

    /// <summary>Which of the report's values the disclosure rules withhold, and why (computed on first use).</summary>
    public Task<DisclosureVerdicts> VerdictsAsync(CancellationToken cancellationToken) =>
        _verdicts ??= LocalizationDisclosure.AssessAsync(store, report.Request, rules, provinces, cancellationToken, provinceMap);

    /// <summary>The input sectors as a caller sees them: by value for analysts, by sector id for others (an order must not follow values they cannot read).</summary>
    public IReadOnlyList<InputRow> Inputs(bool byValue) =>
        [.. (byValue ? report.Inputs : report.Inputs.OrderBy(i => i.SectorId, StringComparer.Ordinal).AsEnumerable()).Select(i => new InputRow(this, i))];

    public IReadOnlyList<LocalizationGap> Gaps => [.. report.Gaps.Select((g, i) => new LocalizationGap(this, i, g))];

    /// <summary>Every gap's candidates in one store call (for a given <paramref name="first"/>).</summary>
    public Task<IReadOnlyList<IReadOnlyList<SupplierCandidate>>> CandidatesAsync(int first, CancellationToken cancellationToken) =>
        _candidates.GetOrAdd(first, f => new Lazy<Task<IReadOnlyList<IReadOnlyList<SupplierCandidate>>>>(() =>
            store.SupplierCandidatesAsync(report.Request, [.. report.Gaps.Select(g => g.SectorId)], f, cancellationToken))).Value;
}

public sealed record LocalizationGap(LocalizationResult Owner, int Index, InputShare Input);

/// <summary>An input sector of a report, with the report it belongs to (for the disclosure verdicts).</summary>
public sealed record InputRow(LocalizationResult Owner, InputShare Input);

/// <summary>An input sector's value from one country, with the row it belongs to.</summary>
public sealed record InputCountryRow(InputRow Row, GroupValue Value);

public sealed class LocalizationReportType : ObjectGraphType<LocalizationResult>
{
    /// <summary>What every aggregate value's description says about callers without the analyst role.</summary>
    public const string PublishNote = " Analysts see it always; other callers when it passes the disclosure rules (enough lead firms and suppliers contribute, none dominates, no nested report reveals a firm by difference), else it is null with CONFIDENTIAL and the reason.";

    public LocalizationReportType()
    {
        Name = "LocalizationReport";
        Description = "Which inputs the lead firms of a scope buy, how much of their value comes from Vietnam (domestic) and from the scope itself (local), where the gaps are, and which inputs are expected but not recorded.";
        Field<NonNullGraphType<DateType>>("asOf").Description("Links valid on this date; provinces as they were then.").Resolve(c => c.Source.Report.Request.AsOf);
        Field<NonNullGraphType<SectorLevelType>>("level").Description("The level input sectors are grouped at (a link recorded at a coarser level stays at its own).").Resolve(c => c.Source.Report.Request.Level);
        Field<NonNullGraphType<FloatGraphType>>("threshold").Description("An input sector is a gap when its domestic share is below this.").Resolve(c => c.Source.Report.Query.Threshold);
        Field<NonNullGraphType<FloatGraphType>>("minValueUsd").Description("... and its foreign-sourced value is at least this.").Resolve(c => c.Source.Report.Query.MinValueUsd);
        Field<NonNullGraphType<IntGraphType>>("leadFirmCount").Description("Lead firms in scope: firms with the LEAD_FIRM role located in the scope (and in the sector, when one is given). Over a former province, those recorded in it or placed in it (see Firm.placement); see unplacedLeadFirms.").Resolve(c => c.Source.Report.LeadFirmCount);
        Field<ConnectionType<FirmType, Firm>>("unplacedLeadFirms")
            .Description("For a report over a former province (or any scope of the 63-province map): the lead firms of the province it became part of that the placement rules could not place in the old map (no ward, coordinates or recorded former province decides). They are not in leadFirmCount, though they may lie in the scope. Null for other scopes.")
            .ForwardPaging()
            .ResolveAsync(async c =>
            {
                var request = c.Source.Report.Request;
                var directory = await c.View().ProvincesAsync(c.CancellationToken).ConfigureAwait(false);
                var leads = request.Scope with { Roles = [FirmRole.LeadFirm], SectorIds = request.LeadSectorIds ?? request.Scope.SectorIds };
                if (Unplacement.Filter(leads, directory) is not { } missed)
                {
                    return null;
                }
                var page = c.PageRequest();
                var result = await c.Loaders().Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, Filter = missed, First = page.First, After = page.After }, c.CancellationToken).ConfigureAwait(false);
                return Paging.Connections.From(result, (Node n) => (Firm)n);
            });
        Field<FloatGraphType>("inputValueUsd").Description("Known yearly value, in USD, of the supply links into those lead firms valid on asOf (links without a value add nothing)." + PublishNote)
            .ResolveAsync(c => Disclosed.ValueAsync(c, c.Source, c.Source.Report.InputValueUsd, Disclosed.Total(LocalizationDisclosure.Value)));
        Field<FloatGraphType>("domesticValueUsd").Description("The part bought from suppliers whose country is VN." + PublishNote)
            .ResolveAsync(c => Disclosed.ValueAsync(c, c.Source, c.Source.Report.DomesticValueUsd, Disclosed.Total(LocalizationDisclosure.Domestic)));
        Field<FloatGraphType>("localValueUsd").Description("The part bought from suppliers located in the scope." + PublishNote)
            .ResolveAsync(c => Disclosed.ValueAsync(c, c.Source, c.Source.Report.LocalValueUsd, Disclosed.Total(LocalizationDisclosure.Local)));
        Field<FloatGraphType>("domesticShare").Description("domesticValueUsd / inputValueUsd, 0 to 1; null when no input has a known value. Shown to callers without the analyst role when both values are.")
            .ResolveAsync(c => Disclosed.ValueAsync(c, c.Source, c.Source.Report.DomesticShare, Disclosed.Total(LocalizationDisclosure.Value), Disclosed.Total(LocalizationDisclosure.Domestic)));
        Field<FloatGraphType>("localShare").Description("localValueUsd / inputValueUsd, 0 to 1; null when no input has a known value. Shown to callers without the analyst role when both values are.")
            .ResolveAsync(c => Disclosed.ValueAsync(c, c.Source, c.Source.Report.LocalShare, Disclosed.Total(LocalizationDisclosure.Value), Disclosed.Total(LocalizationDisclosure.Local)));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<InputShareType>>>>("inputs")
            .Description("The inputs by input sector (the link's sector at the report's level): largest value first for analysts, by sector id for other callers (whose order must not follow values they may not read); each value shown to them under the disclosure rules.")
            .Resolve(c => c.Source.Inputs(Disclosed.SeesValues(c)));
        Field<ListGraphType<NonNullGraphType<LocalizationGapType>>>("gaps")
            .Description("Input sectors whose domestic share is below threshold and whose foreign-sourced value is at least minValueUsd, largest foreign value first.")
            .Restricted()
            .Resolve(c => c.Source.Gaps);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SectorType>>>>("unknownInputs")
            .Description("Expected but unknown: input sectors that a lead firm's sector needs by the FEEDS coefficients and for which that firm has no link valid on asOf; no value is invented for them. Most lead firms lacking it first, then by id.")
            .ResolveNodes<LocalizationResult, Sector>(r => r.Report.Totals.UnknownInputSectorIds);
        this.AddSourcesField(r => r.Report.Totals.SourceIds);
    }
}

public sealed class InputShareType : ObjectGraphType<InputRow>
{
    public InputShareType()
    {
        Name = "InputShare";
        Description = "One input sector of a localization report.";
        Field<NonNullGraphType<SectorType>>("sector").Description("The input sector, at the report's level.").ResolveNode<InputRow, Sector>(i => i.Input.SectorId);
        AddValues(this);
        Field<FloatGraphType>("localShare").Description("localValueUsd / valueUsd, 0 to 1; null when no link of it has a known value. Shown to callers without the analyst role when both values are.")
            .ResolveAsync(c => Disclosed.ValueAsync(c, c.Source.Owner, c.Source.Input.LocalShare, Cell(c.Source, LocalizationDisclosure.Value), Cell(c.Source, LocalizationDisclosure.Local)));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<InputCountryValueType>>>>("byCountry")
            .Description("Its value by the supplier's country (VN included): largest first for analysts, by country code for other callers; share of the sector's value.")
            .Resolve(c => (Disclosed.SeesValues(c) ? c.Source.Input.ByCountry : c.Source.Input.ByCountry.OrderBy(g => g.Key, StringComparer.Ordinal).AsEnumerable()).Select(g => new InputCountryRow(c.Source, g)));
        Field<NonNullGraphType<IntGraphType>>("supplierCount").Description("Distinct suppliers of it to the lead firms (those of links without a value included).").Resolve(c => c.Source.Input.SupplierCount);
    }

    internal static string Cell(InputRow row, string measure) => LocalizationDisclosure.Cell(row.Input.SectorId, measure);

    /// <summary>The value fields an input sector and a gap share.</summary>
    public static void AddValues<T>(ObjectGraphType<T> type)
    {
        (LocalizationResult Owner, InputShare Input) Of(IResolveFieldContext<T> c) => c.Source switch
        {
            InputRow i => (i.Owner, i.Input),
            LocalizationGap g => (g.Owner, g.Input),
            _ => throw new InvalidOperationException("not an input"),
        };
        Task<object?> Value(IResolveFieldContext<T> c, Func<InputShare, object?> value, params string[] measures)
        {
            var (owner, input) = Of(c);
            return Disclosed.ValueAsync(c, owner, value(input), [.. measures.Select(m => LocalizationDisclosure.Cell(input.SectorId, m))]);
        }
        // A gap is for analysts only (its values always there); an input's values may be withheld from other callers.
        var gap = typeof(T) == typeof(LocalizationGap);
        void Add(string name, string description, Func<InputShare, object?> value, string measure)
        {
            var field = gap ? type.Field<NonNullGraphType<FloatGraphType>>(name) : type.Field<FloatGraphType>(name);
            field.Description(description + (gap ? "" : LocalizationReportType.PublishNote)).ResolveAsync(c => Value(c, value, measure));
        }
        Add("valueUsd", "Known yearly value of the links in it, in USD.", i => i.ValueUsd, LocalizationDisclosure.Value);
        Add("domesticValueUsd", "The part from suppliers whose country is VN.", i => i.DomesticValueUsd, LocalizationDisclosure.Domestic);
        Add("localValueUsd", "The part from suppliers located in the scope.", i => i.LocalValueUsd, LocalizationDisclosure.Local);
        Add("foreignValueUsd", "The part from suppliers abroad: valueUsd - domesticValueUsd.", i => i.ForeignValueUsd, LocalizationDisclosure.Foreign);
        if (typeof(T) == typeof(LocalizationGap))
        {
            // A gap's domestic share is always known: it is below a threshold of at most 1, so some value is foreign.
            type.Field<NonNullGraphType<FloatGraphType>>("domesticShare").Description("domesticValueUsd / valueUsd, 0 to 1.").Resolve(c => Of(c).Input.DomesticShare);
        }
        else
        {
            type.Field<FloatGraphType>("domesticShare").Description("domesticValueUsd / valueUsd, 0 to 1; null when no link of it has a known value. Shown to callers without the analyst role when both values are.")
                .ResolveAsync(c => Value(c, i => i.DomesticShare, LocalizationDisclosure.Value, LocalizationDisclosure.Domestic));
        }
    }
}

public sealed class InputCountryValueType : ObjectGraphType<InputCountryRow>
{
    public InputCountryValueType()
    {
        Name = "InputCountryValue";
        Description = "An input sector's value from one supplier country.";
        Field<NonNullGraphType<StringGraphType>>("country").Description("ISO 3166-1 alpha-2.").Resolve(c => c.Source.Value.Key);
        Field<FloatGraphType>("valueUsd").Description("Yearly value in USD." + LocalizationReportType.PublishNote)
            .ResolveAsync(c => Disclosed.ValueAsync(c, c.Source.Row.Owner, c.Source.Value.ValueUsd, LocalizationDisclosure.CountryCell(c.Source.Row.Input.SectorId, c.Source.Value.Key)));
        Field<FloatGraphType>("share").Description("Share of the input sector's known value, 0 to 1; shown to callers without the analyst role when the value and the sector's value are.")
            .ResolveAsync(c => Disclosed.ValueAsync(c, c.Source.Row.Owner, c.Source.Row.Input.ValueUsd > 0 ? c.Source.Value.ValueUsd / c.Source.Row.Input.ValueUsd : 0,
                LocalizationDisclosure.CountryCell(c.Source.Row.Input.SectorId, c.Source.Value.Key), InputShareType.Cell(c.Source.Row, LocalizationDisclosure.Value)));
    }
}

public sealed class LocalizationGapType : ObjectGraphType<LocalizationGap>
{
    public LocalizationGapType()
    {
        Name = "LocalizationGap";
        Description = "An input sector the lead firms source mostly abroad: domestic share below the threshold, foreign value at least the minimum.";
        Field<NonNullGraphType<SectorType>>("sector").Description("The input sector.").ResolveNode<LocalizationGap, Sector>(g => g.Input.SectorId);
        InputShareType.AddValues(this);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SupplierCandidateType>>>>("candidates")
            .Description(
                "Domestic firms (country VN) in the gap's sector or its descendants that do not yet supply the scope's lead firms with it, best first (ties by firm id). " +
                "score = 0.35 sectorFit + 0.25 provenCapability + 0.2 proximity + 0.1 allianceMember + 0.1 size (LARGE 1, MEDIUM 0.75, SMALL 0.5, MICRO 0.25, unknown 0), rounded to 4 decimals.")
            .Argument<IntGraphType>("first", "How many (default 10, at most the page-size limit).", a => a.DefaultValue = 10)
            .ResolveAsync(async c =>
            {
                var first = c.ListSize(c.GetArgument("first", 10));
                var all = await c.Source.Owner.CandidatesAsync(first, c.CancellationToken).ConfigureAwait(false);
                return all[c.Source.Index];
            });
    }
}

public sealed class SupplierCandidateType : ObjectGraphType<SupplierCandidate>
{
    public SupplierCandidateType()
    {
        Name = "SupplierCandidate";
        Description = "A domestic firm that could supply a gap's input, with the components of its score (each 0 to 1).";
        Field<NonNullGraphType<FirmType>>("firm").Description("The candidate.").ResolveNode<SupplierCandidate, Firm>(s => s.FirmId);
        Field<NonNullGraphType<FloatGraphType>>("score").Description("0.35 sectorFit + 0.25 provenCapability + 0.2 proximity + 0.1 allianceMember + 0.1 sizeScore, rounded to 4 decimals.").Resolve(c => c.Source.Score);
        Field<NonNullGraphType<FloatGraphType>>("sectorFit")
            .Description("How exactly its sector matches what the lead firms buy abroad in the gap, weighted by that foreign value: same class 1, same group 0.6, same division 0.3 (its best sector counts). "
                + "Its profile raises it: a product it makes that corresponds to the input's division (the product's ISIC classes share the division's code) makes it at least 0.6, and 1 when that product is verified (see makes).")
            .Resolve(c => c.Source.SectorFit);
        Field<FloatGraphType>("distanceKm")
            .Description("Great-circle km to the nearest lead firm of the scope that buys the input. Places: the firm's coordinates, else its park's, else its province's centroid (a former province: its successor's). Null when unknown.")
            .Resolve(c => c.Source.DistanceKm);
        Field<NonNullGraphType<FloatGraphType>>("proximity").Description("100 / (100 + distanceKm); 0 when the distance is unknown.").Resolve(c => c.Source.Proximity);
        Field<NonNullGraphType<FloatGraphType>>("provenCapability")
            .Description("0 when it supplies no lead firm with the input; otherwise 0.5 + 0.5 v / (v + f), v its value supplied to lead firms elsewhere, f the gap's foreign value.")
            .Resolve(c => c.Source.ProvenCapability);
        Field<NonNullGraphType<FloatGraphType>>("provenValueUsd").Description("Known value of the input it already supplies to other lead firms.").Resolve(c => c.Source.ProvenValueUsd);
        Field<NonNullGraphType<IntGraphType>>("leadFirmsSupplied").Description("Other lead firms it already supplies with the input.").Resolve(c => c.Source.LeadFirmsSupplied);
        Field<NonNullGraphType<BooleanGraphType>>("allianceMember").Description("Whether it belongs to an alliance (G20, LM VISA, VASI, ...).").Resolve(c => c.Source.AllianceMember);
        Field<Products.ProductType>("makes").Description("The product of its profile that raised its sector fit; null when its sectors alone gave the fit.").ResolveNode<SupplierCandidate, Product>(s => s.MakesProductId);
        Field<NonNullGraphType<FloatGraphType>>("sizeScore").Description("LARGE 1, MEDIUM 0.75, SMALL 0.5, MICRO 0.25, unknown 0.").Resolve(c => c.Source.SizeScore);
    }
}

public sealed class ParkMatchReasonType() : DescribedEnumType<ParkMatchReason>("ParkMatchReason", "Why a park suits a sector.", new Dictionary<ParkMatchReason, string>
{
    [ParkMatchReason.PrioritySector] = "The park lists the sector, an ancestor or a descendant of it as a priority.",
    [ParkMatchReason.HostsSectorFirms] = "Firms of the sector already operate in the park.",
    [ParkMatchReason.AvailableLand] = "Industrial land not yet leased (derived from cited values).",
    [ParkMatchReason.Operating] = "The park is operating.",
    [ParkMatchReason.NearLeadFirms] = "Within 50 km of a lead firm of the scope.",
});

public sealed class ParkMatchType : ObjectGraphType<ParkMatch>
{
    public ParkMatchType()
    {
        Name = "ParkMatch";
        Description = "A park or cluster for a sector, with the parts of its score and the reasons.";
        Field<NonNullGraphType<ParkType>>("park").Description("The park or cluster.").ResolveNode<ParkMatch, Park>(p => p.ParkId);
        Field<NonNullGraphType<FloatGraphType>>("score")
            .Description("0.3 if prioritised + 0.2 n / (n + 5) for n sector firms hosted + 0.2 a / (a + 50) for a ha available + 0.2 proximity (100 / (100 + km)) + 0.1 if operating, rounded to 4 decimals.")
            .Resolve(c => c.Source.Score);
        Field<SectorType>("prioritySector").Description("The priority sector of the park that matches, when it lists one.").ResolveNode<ParkMatch, Sector>(p => p.PrioritySectorId);
        Field<NonNullGraphType<IntGraphType>>("sectorFirmCount").Description("Firms of the sector (or a descendant) located in the park.").Resolve(c => c.Source.SectorFirmCount);
        Field<FloatGraphType>("availableAreaHa").Description("Industrial land not yet leased, derived from cited values; null when unknown.").Resolve(c => c.Source.AvailableAreaHa);
        Field<NonNullGraphType<ParkStatusType>>("status").Description("Operating, under construction, planned, or unknown.").Resolve(c => c.Loaders().Node<Park>(c.Source.ParkId).Then(p => p?.Status ?? ParkStatus.Unknown));
        Field<FloatGraphType>("distanceKm").Description("Great-circle km to the nearest lead firm of the scope (park coordinates, else its province's centroid); null without a scope or a known place.").Resolve(c => c.Source.DistanceKm);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ParkMatchReasonType>>>>("reasons").Description("Why it matches, in a fixed order.").Resolve(c => c.Source.Reasons);
    }
}
