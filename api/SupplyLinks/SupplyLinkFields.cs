using Ecosystem.Api.Auth;
using Ecosystem.Api.Errors;
using Ecosystem.Api.Loading;
using Ecosystem.Api.Paging;
using Ecosystem.Api.Sectors;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;

namespace Ecosystem.Api.SupplyLinks;

/// <summary>A firm's suppliers or customers as a connection, batched over all firms of a level.</summary>
public static class SupplyLinkFields
{
    public static void AddSupplyLinkField(this ObjectGraphType<Firm> type, string name, Direction direction, string description) =>
        type.Field<ConnectionType<SupplyLinkType, SupplyLink>>(name)
            .Description(description + " Null only when the filter is refused (where.minValueUsd without the analyst role: FORBIDDEN).")
            .Argument<SupplyLinkFilterInput>("where", "Which links to return.")
            .ForwardPaging()
            .Resolve(c =>
            {
                var page = c.PageRequest();
                var loaders = c.Loaders();
                var firmId = c.Source.Id;
                var where = (c.GetArgument<SupplyLinkFilter?>("where") ?? new SupplyLinkFilter()).Checked(c);
                var today = c.Request().Today;
                return ResolveFilter(loaders, where, today).ThenLoad(filter =>
                    loaders.SupplyLinks(direction, filter).Load(firmId).Then(links => ListPager.Page(links, l => Key(l, direction), page)));
            });

    /// <summary>
    /// The store filter for a client's filter; its sector codes are checked through the node loader (NOT_FOUND when one
    /// names no sector), so a filtered level still costs one store call for all parents.
    /// </summary>
    public static IDataLoaderResult<LinkFilter> ResolveFilter(RequestLoaders loaders, SupplyLinkFilter where, DateOnly today)
    {
        if (where.Sectors is not { Count: > 0 } sectors)
        {
            return DataLoaderResultExtensions.Completed(where.ToLinkFilter(null, today));
        }
        var ids = sectors.Select(SectorCodes.IdOf).ToList();
        return loaders.Nodes.LoadMany(ids).Then(nodes =>
        {
            for (var i = 0; i < ids.Count; i++)
            {
                if (nodes[i] is not Sector)
                {
                    throw new ReferenceNotFoundException("sector", sectors[i]);
                }
            }
            return where.ToLinkFilter(ids, today);
        });
    }

    /// <summary>The store's order: the other firm's id, then sector, then product.</summary>
    private static string Key(SupplyLink link, Direction direction) =>
        $"{(direction == Direction.In ? link.SupplierId : link.BuyerId)}\u0001{link.SectorId}\u0001{link.Product}";
}
