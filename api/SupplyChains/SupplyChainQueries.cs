using Ecosystem.Api.Auth;
using Ecosystem.Api.Limits;
using Ecosystem.Api.Errors;
using Ecosystem.Api.Loading;
using Ecosystem.Api.Provinces;
using Ecosystem.Api.Sectors;
using Ecosystem.Api.SupplyLinks;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Types;

namespace Ecosystem.Api.SupplyChains;

public sealed class SupplyChainArgumentException(string message) : ApiException(ErrorCodes.BadUserInput, message);

public static class SupplyChainQueries
{
    public const int MaxDepth = TraversalDepth.Max;

    public static void AddTo(ObjectGraphType query)
    {
        query.Field<SupplyChainType>("supplyChain")
            .Description("The supply chain of a firm: its suppliers (UPSTREAM) or customers (DOWNSTREAM) tier by tier, walked in the store. Null with an error: NOT_FOUND for an unknown firm, FORBIDDEN for a filter on values without the analyst role.")
            .Argument<NonNullGraphType<IdGraphType>>("firmId", "The firm to start from.")
            .Argument<SupplyDirectionType>("direction", "UPSTREAM (default) or DOWNSTREAM.", a => a.DefaultValue = SupplyDirection.Upstream)
            .Argument<IntGraphType>("maxDepth", "Tiers to walk, 1 to 6 (default 3).", a => a.DefaultValue = 3)
            .Argument<SupplyLinkFilterInput>("where", "Which links to follow (valid today unless asOf is given).")
            .ResolveAsync(async c =>
            {
                var request = c.Request();
                var store = request.Loaders.Store;
                var firmId = c.GetArgument<string>("firmId");
                var depth = c.GetArgument("maxDepth", 3);
                if (depth is < 1 or > MaxDepth)
                {
                    throw new SupplyChainArgumentException($"maxDepth must be between 1 and {MaxDepth}.");
                }
                var where = (c.GetArgument<SupplyLinkFilter?>("where") ?? new SupplyLinkFilter()).Checked(c);
                var filter = await ResolveFilterAsync(store, where, request.Today, c.CancellationToken).ConfigureAwait(false);
                var root = (await store.GetNodesAsync([firmId], c.CancellationToken).ConfigureAwait(false))[0] as Firm
                    ?? throw new ReferenceNotFoundException("firm", firmId);
                var walk = await store.TraverseAsync(new TraversalRequest
                {
                    RootIds = [firmId],
                    Direction = c.GetArgument("direction", SupplyDirection.Upstream) == SupplyDirection.Upstream ? Direction.In : Direction.Out,
                    MaxDepth = depth,
                    Filter = filter,
                    MaxFirms = request.Limits.MaxChainFirms,
                }, c.CancellationToken).ConfigureAwait(false);
                var directory = await c.View().ProvincesAsync(c.CancellationToken).ConfigureAwait(false);
                var total = walk.TotalValueUsd;
                var byProvince = ValueGroups.ByProvince(directory, walk.ValueByProvince, filter.AsOf ?? request.Today, total);
                var byCountry = ValueGroups.ByCountry(walk.ValueByCountry, total);
                return new SupplyChain(root, walk, byCountry, byProvince);
            });
    }

    public static void AddAnalysesTo(ObjectGraphType query)
    {
        AddSupplyPaths(query);
        AddCommonSuppliers(query);
        AddCriticalSuppliers(query);
        AddDisruptionImpact(query);
    }

    /// <summary>supplyPaths: the shortest paths from a supplier down to a buyer.</summary>
    private static void AddSupplyPaths(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<SupplyPathType>>>>("supplyPaths")
            .Description("The shortest supply paths from a supplier down to a buyer (fewest links first; equal lengths in the order of their firm ids), links valid today.")
            .Argument<NonNullGraphType<IdGraphType>>("fromId", "The supplier.")
            .Argument<NonNullGraphType<IdGraphType>>("toId", "The buyer.")
            .Argument<IntGraphType>("maxDepth", "Longest path, in links, 1 to 6 (default 6).", a => a.DefaultValue = 6)
            .Argument<IntGraphType>("first", "How many paths at most (default 5, at most the page-size limit).", a => a.DefaultValue = 5)
            .ResolveAsync(async c =>
            {
                var depth = Depth(c.GetArgument("maxDepth", 6));
                var first = Count(c, c.GetArgument("first", 5));
                var (from, to) = (c.GetArgument<string>("fromId"), c.GetArgument<string>("toId"));
                var store = c.Loaders().Store;
                await RequireFirmsAsync(store, [from, to], c.CancellationToken).ConfigureAwait(false);
                return await store.FindSupplyPathsAsync(from, to, depth, first, Today(c), c.CancellationToken).ConfigureAwait(false);
            });

    /// <summary>commonSuppliers: suppliers every given firm shares.</summary>
    private static void AddCommonSuppliers(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CommonSupplierType>>>>("commonSuppliers")
            .Description("Suppliers that all the given firms share within some tiers (links valid today), by depth then id.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("firmIds", "The firms (up to the page-size limit).")
            .Argument<IntGraphType>("maxDepth", "Tiers to look through, 1 to 6 (default 1: direct suppliers).", a => a.DefaultValue = 1)
            .ResolveAsync(async c =>
            {
                var depth = Depth(c.GetArgument("maxDepth", 1));
                var ids = c.GetArgument<List<string>>("firmIds");
                if (ids.Count is 0 || ids.Count > c.Request().Limits.MaxPageSize)
                {
                    throw new SupplyChainArgumentException($"firmIds takes 1 to {c.Request().Limits.MaxPageSize} firms.");
                }
                var store = c.Loaders().Store;
                await RequireFirmsAsync(store, ids, c.CancellationToken).ConfigureAwait(false);
                return await store.CommonSuppliersAsync(ids, depth, Today(c), c.CancellationToken).ConfigureAwait(false);
            });

    /// <summary>criticalSuppliers: the suppliers a chain's value depends on alone.</summary>
    private static void AddCriticalSuppliers(ObjectGraphType query) =>
        query.Field<ListGraphType<NonNullGraphType<CriticalSupplierType>>>("criticalSuppliers")
            .Description("The suppliers of a firm's upstream chain whose loss would cut it off from the largest shares of the chain's known value (every path that value takes passes through them), largest first.")
            .Restricted()
            .Argument<NonNullGraphType<IdGraphType>>("firmId", "The firm.")
            .Argument<IntGraphType>("maxDepth", "Tiers of the chain, 1 to 6 (default 4).", a => a.DefaultValue = 4)
            .Argument<IntGraphType>("first", "How many at most (default 20, at most the page-size limit).", a => a.DefaultValue = 20)
            .ResolveAsync(async c =>
            {
                var depth = Depth(c.GetArgument("maxDepth", 4));
                var first = Count(c, c.GetArgument("first", 20));
                var id = c.GetArgument<string>("firmId");
                var store = c.Loaders().Store;
                await RequireFirmsAsync(store, [id], c.CancellationToken).ConfigureAwait(false);
                return await store.CriticalSuppliersAsync(id, depth, first, Today(c), c.CancellationToken).ConfigureAwait(false);
            });

    /// <summary>disruptionImpact: the lead firms that lose inputs when firms, provinces or countries drop out.</summary>
    private static void AddDisruptionImpact(ObjectGraphType query) =>
        query.Field<DisruptionImpactType>("disruptionImpact")
            .Description("The lead firms that lose first-tier inputs if some firms, provinces or countries drop out, the largest lost share first.")
            .Restricted()
            .Argument<NonNullGraphType<DisruptionInputType>>("scenario", "What drops out.")
            .ResolveAsync(async c =>
            {
                var scenario = c.GetArgument<DisruptionInput>("scenario");
                if (scenario.Firms is not { Count: > 0 } && scenario.Provinces is not { Count: > 0 } && scenario.Countries is not { Count: > 0 })
                {
                    throw new SupplyChainArgumentException("The scenario names no firm, province or country.");
                }
                var request = c.Request();
                var store = request.Loaders.Store;
                await RequireFirmsAsync(store, scenario.Firms ?? [], c.CancellationToken).ConfigureAwait(false);
                var provinceIds = new List<string>();
                foreach (var province in scenario.Provinces ?? [])
                {
                    provinceIds.AddRange(await request.View.ProvinceScopeAsync(province, request.Today, c.CancellationToken).ConfigureAwait(false));
                }
                var affected = await store.DisruptionImpactAsync(new DisruptionScenario
                {
                    FirmIds = scenario.Firms ?? [],
                    ProvinceIds = provinceIds,
                    Countries = scenario.Countries ?? [],
                    Filter = Today(c),
                }, c.CancellationToken).ConfigureAwait(false);
                return new DisruptionImpact(affected);
            });


    private static int Depth(int depth) => depth is >= 1 and <= MaxDepth ? depth : throw new SupplyChainArgumentException($"maxDepth must be between 1 and {MaxDepth}.");

    private static int Count(IResolveFieldContext c, int first) => c.ListSize(first);

    private static LinkFilter Today(IResolveFieldContext c) => new() { AsOf = c.Request().Today };

    /// <summary>NOT_FOUND for an id that names no firm.</summary>
    private static async Task RequireFirmsAsync(IGraphStore store, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }
        var nodes = await store.GetNodesAsync(ids, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < ids.Count; i++)
        {
            if (nodes[i] is not Firm)
            {
                throw new ReferenceNotFoundException("firm", ids[i]);
            }
        }
    }

    /// <summary>The store filter for a root-level query: sector codes checked to exist, the date defaulted to today.</summary>
    public static async Task<LinkFilter> ResolveFilterAsync(IGraphStore store, SupplyLinkFilter where, DateOnly today, CancellationToken cancellationToken)
    {
        var sectorIds = where.Sectors is { Count: > 0 } sectors ? await SectorCodes.ResolveAsync(store, sectors, cancellationToken).ConfigureAwait(false) : null;
        return where.ToLinkFilter(sectorIds, today);
    }
}
