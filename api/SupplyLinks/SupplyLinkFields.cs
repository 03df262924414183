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
        type.Field<NonNullGraphType<ConnectionType<SupplyLinkType, SupplyLink>>>(name)
            .Description(description)
            .Argument<SupplyLinkFilterInput>("where", "Which links to return.")
            .ForwardPaging()
            .Resolve(c =>
            {
                var page = c.PageRequest();
                var loaders = c.Loaders();
                var firmId = c.Source.Id;
                var where = c.GetArgument<SupplyLinkFilter?>("where");
                if (where?.Sector is not { } sector)
                {
                    return Links(loaders, firmId, direction, where?.ToLinkFilter(null), page);
                }
                // The sector is checked through the node loader, so a filtered level still costs one store call.
                var sectorId = SectorCodes.IdOf(sector);
                return loaders.Nodes.Load(sectorId).ThenLoad(node => node is Sector
                    ? Links(loaders, firmId, direction, where.ToLinkFilter([sectorId]), page)
                    : throw new ReferenceNotFoundException("sector", sector));
            });

    private static IDataLoaderResult<Connection<SupplyLink>> Links(RequestLoaders loaders, string firmId, Direction direction, LinkFilter? filter, PageRequest page) =>
        loaders.SupplyLinks(direction, filter).Load(firmId).Then(links => ListPager.Page(links, l => Key(l, direction), page));

    /// <summary>The store's order: the other firm's id, then sector, then product.</summary>
    private static string Key(SupplyLink link, Direction direction) =>
        $"{(direction == Direction.In ? link.SupplierId : link.BuyerId)}\u0001{link.SectorId}\u0001{link.Product}";
}
