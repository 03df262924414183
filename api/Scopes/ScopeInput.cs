using Ecosystem.Api.Errors;
using Ecosystem.Api.Provinces;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;
using GraphQL.Types;

namespace Ecosystem.Api.Scopes;

/// <summary>Where a scoped query looks: one park, province, region or corridor, or the whole country.</summary>
public sealed record ScopeInput
{
    public string? Park { get; init; }

    public string? Province { get; init; }

    public string? Region { get; init; }

    public string? Corridor { get; init; }

    public bool? Country { get; init; }
}

public sealed class ScopeInputType : InputObjectGraphType<ScopeInput>
{
    public ScopeInputType()
    {
        Name = "ScopeInput";
        Description = "Where to look: exactly one of park, province, region, corridor or country.";
        Field<IdGraphType>("park").Description("Firms located in this park.");
        Field<StringGraphType>("province").Description("Firms recorded in this province (code, name or id, old or new, as of the query's date); a province in force takes in the former ones merged into it.");
        Field<StringGraphType>("region").Description("Firms recorded in any province, current or former, of this region (code, id or name).");
        Field<IdGraphType>("corridor").Description("Firms recorded in the corridor's provinces, or in the provinces they became part of.");
        Field<BooleanGraphType>("country").Description("true: every firm operating in Vietnam.");
    }
}

public sealed class InvalidScopeException(string message) : ApiException(ErrorCodes.BadUserInput, message);

/// <summary>Turns a scope into the firm filter the store applies.</summary>
public sealed class ScopeResolver(IGraphStore store, ProvinceCatalog provinces)
{
    public async Task<NodeFilter> FirmFilterAsync(ScopeInput scope, DateOnly asOf, CancellationToken cancellationToken)
    {
        var given = new object?[] { scope.Park, scope.Province, scope.Region, scope.Corridor, scope.Country }.Count(v => v is not null);
        if (given != 1)
        {
            throw new InvalidScopeException("Give exactly one of park, province, region, corridor and country.");
        }
        if (scope.Country is { } country)
        {
            return country ? new NodeFilter { Countries = ["VN"] } : throw new InvalidScopeException("country takes true (every firm in Vietnam).");
        }
        if (scope.Park is { } park)
        {
            var node = (await store.GetNodesAsync([park], cancellationToken).ConfigureAwait(false))[0];
            return node is Park ? new NodeFilter { ParkIds = [park] } : throw new ReferenceNotFoundException("park", park);
        }
        if (scope.Province is { } province)
        {
            return new NodeFilter { ProvinceIds = await provinces.ScopeAsync(province, asOf, cancellationToken).ConfigureAwait(false) };
        }
        var directory = await provinces.GetAsync(cancellationToken).ConfigureAwait(false);
        if (scope.Region is { } regionRef)
        {
            var regions = await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Region }, cancellationToken).ConfigureAwait(false);
            var key = VietnameseText.Fold(regionRef);
            var region = regions.Items.Select(i => (Region)i.Node).FirstOrDefault(r =>
                r.Id == regionRef || r.Code == regionRef.Trim() || VietnameseText.Fold(r.Name) == key || VietnameseText.Fold(r.NameEn) == key)
                ?? throw new ReferenceNotFoundException("region", regionRef);
            return new NodeFilter { ProvinceIds = [.. directory.All.Where(p => p.RegionId == region.Id).Select(p => p.Id)] };
        }
        var corridorId = scope.Corridor!;
        var corridor = (await store.GetNodesAsync([corridorId], cancellationToken).ConfigureAwait(false))[0] as Corridor
            ?? throw new ReferenceNotFoundException("corridor", corridorId);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var listed in corridor.ProvinceIds.Select(directory.ById).OfType<Province>())
        {
            ids.Add(listed.Id);
            ids.Add(directory.RollUp(listed, asOf).Id);
        }
        return new NodeFilter { ProvinceIds = ids };
    }
}
