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
            .Description("A firm by id, by tax code (MST, separators allowed) or by an identifier in another register (Open Supply Hub, LEI, GLN, registration number, customs code). A malformed or check-digit-invalid tax code or identifier is a BAD_USER_INPUT error; a valid one no firm has gives null.")
            .Argument<IdGraphType>("id", "The firm's global id.")
            .Argument<StringGraphType>("taxCode", "A tax code: 10 digits or 13 for a branch (\"0314409058-002\").")
            .Argument<FirmIdentifierInputType>("identifier", "An identifier the firm carries (see Firm.identifiers).")
            .ResolveAsync(async c =>
            {
                var id = c.GetArgument<string?>("id");
                var taxCode = c.GetArgument<string?>("taxCode");
                var identifier = c.GetArgument<FirmIdentifier?>("identifier");
                if ((id is null ? 0 : 1) + (taxCode is null ? 0 : 1) + (identifier is null ? 0 : 1) > 1)
                {
                    throw new FirmLookupException("Give one of id, taxCode and identifier, not several.");
                }
                if (id is not null)
                {
                    return c.Loaders().Node<Firm>(id);
                }
                if (identifier is not null)
                {
                    if (!Identifiers.TryNormalize(identifier.Scheme, identifier.Value, out var value, out var why))
                    {
                        throw new InvalidIdentifierException(identifier.Scheme, identifier.Value, why);
                    }
                    var held = await c.Loaders().Store.ListNodesAsync(
                        new NodeQuery { Kind = NodeKind.Firm, Filter = new NodeFilter { IdentifierKeys = [Identifiers.Key(identifier.Scheme, value)] }, First = 1 }, c.CancellationToken).ConfigureAwait(false);
                    return held.Items.Count > 0 ? held.Items[0].Node : null;
                }
                if (taxCode is null)
                {
                    throw new FirmLookupException("Give id, taxCode or identifier.");
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
