using Ecosystem.Api.Loading;
using Ecosystem.Api.Paging;
using Ecosystem.Api.Provinces;
using Ecosystem.Api.Schema;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Types;

namespace Ecosystem.Api.Firms;

public static class FirmQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<FirmType>("firm")
            .Description("A firm by id or by tax code (MST, separators allowed). A malformed or check-digit-invalid tax code is a BAD_USER_INPUT error; a valid one no firm has gives null.")
            .Argument<IdGraphType>("id", "The firm's global id.")
            .Argument<StringGraphType>("taxCode", "A tax code: 10 digits or 13 for a branch (\"0314409058-002\").")
            .ResolveAsync(async c =>
            {
                var id = c.GetArgument<string?>("id");
                var taxCode = c.GetArgument<string?>("taxCode");
                if (id is not null)
                {
                    return taxCode is null ? c.Loaders().Node<Firm>(id) : throw new FirmLookupException("Give id or taxCode, not both.");
                }
                if (taxCode is null)
                {
                    throw new FirmLookupException("Give id or taxCode.");
                }
                if (!TaxCode.TryNormalize(taxCode, out var canonical, out var error))
                {
                    throw new InvalidTaxCodeException(taxCode, error);
                }
                var page = await c.Loaders().Store.ListNodesAsync(
                    new NodeQuery { Kind = NodeKind.Firm, Filter = new NodeFilter { TaxCodes = [canonical] }, First = 1 }, c.CancellationToken).ConfigureAwait(false);
                return page.Items.Count > 0 ? page.Items[0].Node : null;
            });

        query.Field<NonNullGraphType<ConnectionType<FirmType, Firm>>>("firms")
            .Description("Firms that pass the filter, sorted (by name unless told otherwise), as a Relay connection.")
            .Argument<FirmFilterInput>("where", "Which firms to return.")
            .Argument<ListGraphType<NonNullGraphType<FirmOrderInput>>>("orderBy", "Sort keys in order; ties are broken by id.")
            .Paging()
            .ResolveAsync(async c =>
            {
                var request = c.Request();
                var where = c.GetArgument<FirmFilter?>("where");
                var filter = where is null ? null : await where.ToNodeFilterAsync(request.Loaders.Store, request.View, c.CancellationToken).ConfigureAwait(false);
                var order = c.GetArgument<List<SortKey<FirmOrderField>>?>("orderBy") ?? [];
                return await c.ListAsync<Firm>(NodeKind.Firm, filter, [.. order.Select(o => o.ToSortOrder())]).ConfigureAwait(false);
            });
    }
}
