using Ecosystem.Api.Auth;
using Ecosystem.Api.Limits;
using Ecosystem.Api.Loading;
using Ecosystem.Api.Provinces;
using Ecosystem.Api.Schema;
using Ecosystem.Api.Scopes;
using Ecosystem.Api.Sectors;
using Ecosystem.Api.SupplyChains;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Types;

namespace Ecosystem.Api.Clusters;

public static class ClusterQueries
{
    public static void AddTo(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ClusterType>>>>("clusters")
            .Description("The clusters of a scope: connected groups (two firms or more) of its firms linked by supply links among themselves, largest first.")
            .Argument<NonNullGraphType<ScopeInputType>>("scope", "Where to look.")
            .Argument<StringGraphType>("sectorCode", "Only firms of this sector or its descendants (VSIC 2025 code at any level).")
            .Argument<DateType>("asOf", "Provinces and links as of this date (default: today in Vietnam).")
            .Argument<IntGraphType>("first", "How many clusters at most (default 20, at most the page-size limit).", a => a.DefaultValue = 20)
            .ResolveAsync(async c =>
            {
                var request = c.Request();
                var store = request.Loaders.Store;
                var asOf = c.GetArgument<DateOnly?>("asOf") ?? request.Today;
                var first = c.ListSize(c.GetArgument("first", 20));
                var scope = await new ScopeResolver(store, c.View()).FirmFilterAsync(c.GetArgument<ScopeInput>("scope"), asOf, c.CancellationToken).ConfigureAwait(false);
                if (c.GetArgument<string?>("sectorCode") is { } sector)
                {
                    scope = scope with { SectorIds = await SectorCodes.ResolveAsync(store, [sector], c.CancellationToken).ConfigureAwait(false) };
                }
                var clusters = await store.ClustersAsync(new ClusterRequest { Scope = scope, Filter = new LinkFilter { AsOf = asOf }, Noise = request.Loaders.Noise }, c.CancellationToken).ConfigureAwait(false);
                var directory = await c.View().ProvincesAsync(c.CancellationToken).ConfigureAwait(false);
                return clusters.Take(first).Select(k => new Cluster(
                    k,
                    ValueGroups.ByProvince(directory, k.OutsideByProvince, asOf, k.OutsideValueUsd),
                    ValueGroups.ByCountry(k.OutsideByCountry, k.OutsideValueUsd)));
            });
}

public sealed class LinkedParkType : ObjectGraphType<LinkedPark>
{
    public LinkedParkType()
    {
        Name = "LinkedPark";
        Description = "Another park whose firms trade with a park's firms, either way.";
        Field<NonNullGraphType<Parks.ParkType>>("park").Description("The other park.").ResolveNode<LinkedPark, Graph.Model.Park>(p => p.ParkId);
        Field<NonNullGraphType<IntGraphType>>("linkCount").Description("Supply links between the two parks' firms (valid today).").Resolve(c => c.Source.LinkCount);
        Field<FloatGraphType>("valueUsd").Description("Their known yearly value, in USD." + Localization.Disclosed.NoisyNote)
            .Resolve(c => Localization.Disclosed.Published(c, c.Source.Published, c.Source.ValueUsd));
    }
}
