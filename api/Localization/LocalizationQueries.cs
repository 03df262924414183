using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Analysis;
using Ecosystem.Api.Auth;
using Ecosystem.Api.Limits;
using Ecosystem.Api.Firms;
using Ecosystem.Api.Loading;
using Ecosystem.Api.Provinces;
using Ecosystem.Api.Schema;
using Ecosystem.Api.Scopes;
using Ecosystem.Api.Sectors;
using Ecosystem.Api.SupplyChains;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Types;

namespace Ecosystem.Api.Localization;

/// <summary>Localization gaps and matchmaking for policy staff: the report, park matches, and a firm's own shares.</summary>
public static class LocalizationQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        AddLocalizationReport(query);
        AddParkMatches(query);
    }

    /// <summary>localizationReport: the localization of a scope's lead firms' inputs, with gaps and candidates.</summary>
    private static void AddLocalizationReport(ObjectGraphType query) =>
        query.Field<NonNullGraphType<LocalizationReportType>>("localizationReport")
            .Description(
                "Localization of the inputs of a scope's lead firms (firms with the LEAD_FIRM role located in the scope): the supply links into them valid on asOf, " +
                "grouped by input sector at a VSIC level. Domestic = supplier country VN; local = supplier located in the scope. A gap is an input sector whose domestic " +
                "share is below threshold and whose foreign-sourced value is at least minValueUsd. Shares are fractions in [0, 1]; a share of nothing is null. " +
                "A province in force after 2025-07-01 takes in the former provinces merged into it; before that date they stay separate; a former province named " +
                "after it stands for the firms recorded in it.")
            .Argument<NonNullGraphType<ScopeInputType>>("scope", "Where the lead firms are: a park, a province (old or new), a region, a corridor, or the whole country.")
            .Argument<StringGraphType>("sectorCode", "Only lead firms of this sector or its descendants (VSIC 2025 code at any level).")
            .Argument<SectorLevelType>("level", "The level input sectors are grouped at (default DIVISION).", a => a.DefaultValue = SectorLevel.Division)
            .Argument<DateType>("asOf", "Links valid on this date, provinces as they were then (default: today in Vietnam).")
            .Argument<FloatGraphType>("threshold", "A gap's domestic share is below this, 0 to 1 (default 0.3).", a => a.DefaultValue = 0.3)
            .Argument<FloatGraphType>("minValueUsd", "A gap's foreign-sourced value is at least this (default 0).", a => a.DefaultValue = 0.0)
            .ResolveAsync(async c =>
            {
                var request = c.Request();
                var store = request.Loaders.Store;
                var query = new LocalizationQuery
                {
                    Scope = c.GetArgument<ScopeInput>("scope").ToFirmScope(),
                    SectorCode = c.GetArgument<string?>("sectorCode"),
                    Level = c.GetArgument("level", SectorLevel.Division),
                    AsOf = c.GetArgument<DateOnly?>("asOf") ?? request.Today,
                    Threshold = c.GetArgument("threshold", 0.3),
                    MinValueUsd = c.GetArgument("minValueUsd", 0.0),
                };
                var provinces = await request.View.ProvincesAsync(c.CancellationToken).ConfigureAwait(false);
                var report = await RunAsync(provinces, store, query, c.CancellationToken).ConfigureAwait(false);
                var services = c.RequestServices ?? throw new InvalidOperationException("no request services");
                return new LocalizationResult(report, store, services.GetRequiredService<DisclosureRules>(), provinces,
                    services.GetRequiredService<Places.ProvinceMapCache>().Of(request.View.Version, provinces));
            });

    /// <summary>parkMatches: parks and clusters ranked for a sector.</summary>
    private static void AddParkMatches(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ParkMatchType>>>>("parkMatches")
            .Description("Parks and clusters for a sector: those that list it (or an ancestor or descendant) as a priority or already host firms of it, best score first (ties by park id).")
            .Argument<NonNullGraphType<StringGraphType>>("sectorCode", "The sector a new supplier would work in (VSIC 2025 code at any level).")
            .Argument<FloatGraphType>("minAvailableAreaHa", "Only parks whose available area is known and at least this many ha.")
            .Argument<ScopeInputType>("scope", "The lead firms distances are measured to (and NEAR_LEAD_FIRMS); parks anywhere in Vietnam are ranked.")
            .Argument<DateType>("asOf", "Provinces of the scope as of this date (default: today in Vietnam).")
            .Argument<IntGraphType>("first", "How many at most (default 20, at most the page-size limit).", a => a.DefaultValue = 20)
            .ResolveAsync(async c =>
            {
                var request = c.Request();
                var store = request.Loaders.Store;
                var first = c.ListSize(c.GetArgument("first", 20));
                if (c.GetArgument<double?>("minAvailableAreaHa") is { } min && (double.IsNaN(min) || min < 0))
                {
                    throw new LocalizationArgumentError("minAvailableAreaHa must be 0 or more.");
                }
                var sector = (await SectorCodes.ResolveAsync(store, [c.GetArgument<string>("sectorCode")], c.CancellationToken).ConfigureAwait(false))[0];
                NodeFilter? leadScope = null;
                if (c.GetArgument<ScopeInput?>("scope") is { } scope)
                {
                    leadScope = await new ScopeResolver(store, request.View).FirmFilterAsync(scope, c.GetArgument<DateOnly?>("asOf") ?? request.Today, c.CancellationToken).ConfigureAwait(false);
                }
                var matches = await store.ParkMatchesAsync(new ParkMatchRequest
                {
                    SectorId = sector,
                    MinAvailableAreaHa = c.GetArgument<double?>("minAvailableAreaHa"),
                    LeadScope = leadScope,
                }, c.CancellationToken).ConfigureAwait(false);
                return matches.Take(first);
            });


    /// <summary>Runs a report with the API's errors: BAD_USER_INPUT for a malformed scope or number, NOT_FOUND for a name that matches nothing.</summary>
    public static async Task<LocalizationReport> RunAsync(ProvinceDirectory directory, IGraphStore store, LocalizationQuery query, CancellationToken cancellationToken)
    {
        try
        {
            return await query.RunAsync(store, directory, cancellationToken).ConfigureAwait(false);
        }
        catch (ScopeException e)
        {
            throw ScopeResolver.Map(e);
        }
        catch (LocalizationArgumentException e)
        {
            throw new LocalizationArgumentError(e.Message);
        }
    }

    /// <summary>A firm's own localization figures.</summary>
    public static void AddFirmFields(FirmType firm)
    {
        firm.Field<FloatGraphType>("localizationRate")
            .Description("Domestic share of its first-tier input value: known value of the links into it from suppliers whose country is VN over all of it (links valid on asOf); null when no link has a known value.")
            .Argument<DateType>("asOf", "Links valid on this date (default: today in Vietnam).")
            .Restricted()
            .Resolve(c => c.Loaders().InputOrigins(1, c.GetArgument<DateOnly?>("asOf") ?? c.Request().Today).Load(c.Source.Id).Then(o => o.DomesticShare));
        firm.Field<FloatGraphType>("domesticValueShare")
            .Description(
                "Share of upstream value that is domestic through the chain: over every supply link into the firm or into a supplier within maxDepth - 1 further tiers " +
                "(each link counted once, links valid on asOf), the known value of those from suppliers whose country is VN divided by the known value of all. " +
                "maxDepth 1 gives localizationRate. Null when no link has a known value.")
            .Argument<IntGraphType>("maxDepth", "Tiers of suppliers, 1 to 6 (default 3).", a => a.DefaultValue = 3)
            .Argument<DateType>("asOf", "Links valid on this date (default: today in Vietnam).")
            .Restricted()
            .Resolve(c =>
            {
                var depth = c.GetArgument("maxDepth", 3);
                if (depth is < 1 or > SupplyChainQueries.MaxDepth)
                {
                    throw new SupplyChainArgumentException($"maxDepth must be between 1 and {SupplyChainQueries.MaxDepth}.");
                }
                return c.Loaders().InputOrigins(depth, c.GetArgument<DateOnly?>("asOf") ?? c.Request().Today).Load(c.Source.Id).Then(o => o.DomesticShare);
            });
    }
}
