using Ecosystem.Api.Loading;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Types;

namespace Ecosystem.Api.Sectors;

public static class SectorQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<SectorType>("sector")
            .Description("A sector by code: VSIC 2025 by default (\"C\", \"26\", \"2630\", \"26300\"), ISIC Rev.4 with a prefix (\"ISIC4:2610\"); null when no sector has it.")
            .Argument<NonNullGraphType<StringGraphType>>("code", "The code.")
            .Resolve(c => c.Loaders().Node<Sector>(SectorCodes.IdOf(c.GetArgument<string>("code"))));

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<SectorType>>>>("sectors")
            .Description("Sectors of one classification (VSIC 2025 unless told otherwise) by code, optionally of one level or the children of one sector.")
            .Argument<SectorLevelType>("level", "Only this level.")
            .Argument<StringGraphType>("parentCode", "Only the direct children of this sector.")
            .Argument<ClassificationType>("classification", "VSIC2025 (default) or ISIC4; ignored when parentCode is given.")
            .ResolveAsync(async c =>
            {
                var parentCode = c.GetArgument<string?>("parentCode");
                var parentId = parentCode is null ? null : (await SectorCodes.ResolveAsync(c.Loaders().Store, [parentCode], c.CancellationToken).ConfigureAwait(false))[0];
                var filter = new NodeFilter
                {
                    Level = c.GetArgument<SectorLevel?>("level"),
                    ParentId = parentId,
                    Classification = parentId is null ? c.GetArgument("classification", Classification.Vsic2025) : null,
                };
                var page = await c.Loaders().Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Sector, Filter = filter, OrderBy = [new SortOrder(SortField.Code)] }, c.CancellationToken).ConfigureAwait(false);
                return page.Items.Select(i => i.Node);
            });
    }
}
