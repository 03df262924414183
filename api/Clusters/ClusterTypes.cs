using Ecosystem.Api.Auth;
using Ecosystem.Api.Firms;
using Ecosystem.Api.Loading;
using Ecosystem.Api.Localization;
using Ecosystem.Api.Paging;
using Ecosystem.Api.Schema;
using Ecosystem.Api.Sectors;
using Ecosystem.Api.SupplyChains;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL.Types;

namespace Ecosystem.Api.Clusters;

/// <summary>A store cluster with what it buys from outside the scope grouped for clients.</summary>
public sealed record Cluster(SupplyCluster Store, IReadOnlyList<ProvinceValue> OutsideByProvince, IReadOnlyList<CountryValue> OutsideByCountry);

public sealed class ClusterType : ObjectGraphType<Cluster>
{
    public ClusterType()
    {
        Name = "Cluster";
        Description = "A connected group of firms in a scope, linked by supply links among themselves.";
        Field<NonNullGraphType<IntGraphType>>("size").Description("Number of member firms.").Resolve(c => c.Source.Store.MemberIds.Count);
        Field<NonNullGraphType<ConnectionType<FirmType, Firm>>>("members")
            .Description("The member firms, by id.")
            .ForwardPaging()
            .Resolve(c => FirmPages.Load(c.Loaders(), ListPager.Page(c.Source.Store.MemberIds, id => id, c.PageRequest())));
        Field<NonNullGraphType<IntGraphType>>("internalLinkCount").Description("Supply links among the members.").Resolve(c => c.Source.Store.InternalLinkCount);
        Field<FloatGraphType>("internalValueUsd").Description("Known yearly value of those links, in USD." + Disclosed.NoisyNote)
            .Resolve(c => Disclosed.Published(c, c.Source.Store.InternalPublished, c.Source.Store.InternalValueUsd));
        Field<NonNullGraphType<FloatGraphType>>("density").Description("Links among the members over the most there could be, n(n - 1), 0 to 1.").Resolve(c => c.Source.Store.Density);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SectorCountType>>>>("sectors").Description("The sectors of the members, most firms first.").Resolve(c => c.Source.Store.SectorFirmCounts);
        Field<NonNullGraphType<ClusterDependenciesType>>("dependencies").Description("What the members buy from firms outside the scope.").Resolve(c => c.Source);
    }
}

public sealed class SectorCountType : ObjectGraphType<GroupValue>
{
    public SectorCountType()
    {
        Name = "SectorCount";
        Description = "A sector and how many firms of a group work in it.";
        Field<NonNullGraphType<SectorType>>("sector").Description("The sector.").ResolveNode<GroupValue, Sector>(g => g.Key);
        Field<NonNullGraphType<IntGraphType>>("firmCount").Description("Firms in it.").Resolve(c => (int)c.Source.ValueUsd);
    }
}

public sealed class ClusterDependenciesType : ObjectGraphType<Cluster>
{
    public ClusterDependenciesType()
    {
        Name = "ClusterDependencies";
        Description = "The supply links from firms outside the scope into a cluster.";
        Field<FloatGraphType>("valueUsd").Description("Known yearly value bought from outside, in USD." + Disclosed.NoisyNote)
            .Resolve(c => Disclosed.Published(c, c.Source.Store.OutsidePublished, c.Source.Store.OutsideValueUsd));
        Field<ListGraphType<NonNullGraphType<ProvinceValueType>>>("byProvince").Description("By the supplier's province (rolled up to the one in force on the query's date); share of the value from outside. Suppliers abroad are left out.").Restricted().Resolve(c => c.Source.OutsideByProvince);
        Field<ListGraphType<NonNullGraphType<CountryValueType>>>("byCountry").Description("By the supplier's country; share of the value from outside.").Restricted().Resolve(c => c.Source.OutsideByCountry);
    }
}

/// <summary>A page of firm ids made into a page of firms through the node loader.</summary>
public static class FirmPages
{
    public static GraphQL.DataLoader.IDataLoaderResult<Connection<Firm>> Load(RequestLoaders loaders, Connection<string> ids) =>
        loaders.Nodes.LoadMany([.. ids.Edges.Select(e => e.Node)]).Then(nodes =>
            new Connection<Firm>([.. ids.Edges.Select((e, i) => new Edge<Firm>((Firm)nodes[i]!, e.Cursor))], ids.TotalCount, ids.PageInfo));
}
