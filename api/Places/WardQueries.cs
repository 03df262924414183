using Ecosystem.Api.Errors;
using Ecosystem.Api.Loading;
using Ecosystem.Api.Paging;
using Ecosystem.Api.Schema;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Types;

namespace Ecosystem.Api.Places;

public sealed class WardLookupException(string message) : ApiException(ErrorCodes.BadUserInput, message);

public static class WardQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<WardType>("ward")
            .Description("A ward by code, or by name within a province, as of a date: before 2025-07-01 a code means the former unit that had it, from then on the unit in force (00004 is Phường Trúc Bạch before and Phường Ba Đình after). Null when nothing matches.")
            .Argument<StringGraphType>("code", "Official five-digit code (leading zeros may be left out).")
            .Argument<StringGraphType>("name", "Name, with or without diacritics or the unit word (\"Phường\", \"Xã\"); needs province.")
            .Argument<StringGraphType>("province", "For a name: the province (code, name or id, old or new) to look in.")
            .Argument<DateType>("asOf", "The date (default: today in Vietnam).")
            .ResolveAsync(async c =>
            {
                var code = c.GetArgument<string?>("code")?.Trim();
                var name = c.GetArgument<string?>("name");
                if (code is null == name is null)
                {
                    throw new WardLookupException("Give exactly one of code and name.");
                }
                var asOf = c.GetArgument<DateOnly?>("asOf") ?? c.Request().Today;
                var store = c.Loaders().Store;
                if (code is not null)
                {
                    if (code.Length is 0 or > 5 || !code.All(char.IsAsciiDigit))
                    {
                        throw new WardLookupException($"\"{code}\" is not a ward code: codes are up to five digits.");
                    }
                    var padded = code.PadLeft(5, '0');
                    var found = await store.GetNodesAsync([NodeIds.Make(NodeKind.Ward, padded), NodeIds.Make(NodeKind.Ward, padded + "-pre2025")], c.CancellationToken).ConfigureAwait(false);
                    var wards = found.OfType<Ward>().ToList();
                    return wards.FirstOrDefault(w => w.IsValidOn(asOf)) ?? wards.FirstOrDefault();
                }
                var provinceRef = c.GetArgument<string?>("province") ?? throw new WardLookupException("A ward by name needs its province.");
                var directory = await c.View().ProvincesAsync(c.CancellationToken).ConfigureAwait(false);
                var province = directory.Resolve(provinceRef, asOf) ?? throw new ReferenceNotFoundException("province", provinceRef);
                var page = await store.ListNodesAsync(new NodeQuery
                {
                    Kind = NodeKind.Ward,
                    Filter = new NodeFilter { ProvinceIds = directory.ScopeIds(province, asOf), ValidOn = asOf },
                    First = 100_000,
                }, c.CancellationToken).ConfigureAwait(false);
                var key = PlacementRules.WardNameKey(name);
                var matches = page.Items.Select(i => (Ward)i.Node).Where(w => PlacementRules.WardNameKey(w.Name) == key || PlacementRules.WardNameKey(w.FullName) == key).ToList();
                return matches.Count switch
                {
                    0 => null,
                    1 => matches[0],
                    _ => throw new WardLookupException($"{matches.Count} wards of {province.FullName} have this name ({string.Join(", ", matches.Select(w => w.Code).Order(StringComparer.Ordinal))}); give the code."),
                };
            });

        query.Field<NonNullGraphType<ConnectionType<WardType, Ward>>>("wards")
            .Description("The wards in force on a date (3,321 today, 10,035 on any date before 2025-07-01), in a province or by part of their name, sorted by name.")
            .Argument<StringGraphType>("province", "A province by code, name or id, old or new, as of asOf: a province in force includes its wards; a former province its former units.")
            .Argument<StringGraphType>("name", "Part of the name, folded (\"ba dinh\" finds \"Ba Đình\").")
            .Argument<DateType>("asOf", "The date (default: today in Vietnam).")
            .Paging()
            .ResolveAsync(async c =>
            {
                var asOf = c.GetArgument<DateOnly?>("asOf") ?? c.Request().Today;
                var provinceRef = c.GetArgument<string?>("province");
                IReadOnlyList<string>? provinces = null;
                if (provinceRef is not null)
                {
                    provinces = await c.View().ProvinceScopeAsync(provinceRef, asOf, c.CancellationToken).ConfigureAwait(false);
                }
                return await c.ListAsync<Ward>(NodeKind.Ward, new NodeFilter { ProvinceIds = provinces, NameContains = c.GetArgument<string?>("name"), ValidOn = asOf }).ConfigureAwait(false);
            });
    }
}
