using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Graph.Store;

/// <summary>
/// Where a scoped question looks: exactly one of a park, a province (code, name or id, old or new), a region, a corridor,
/// the whole country, or a sector. The one rule behind the GraphQL <c>ScopeInput</c>, the exports and the reports.
/// </summary>
public sealed record FirmScope
{
    public string? Park { get; init; }

    public string? Province { get; init; }

    public string? Region { get; init; }

    public string? Corridor { get; init; }

    public bool? Country { get; init; }

    public string? Sector { get; init; }

    /// <summary>
    /// The firm filter of this scope as of a date. A province in force takes in the former provinces merged into it; a
    /// former province stands alone before the merger and, after it, is looked up as itself; a corridor covers the
    /// provinces it lists and those they became part of; a region every province, current or former, in it. The
    /// province directory is that of the store's current version (callers usually hold one per version).
    /// </summary>
    /// <exception cref="ScopeException">Not exactly one part given, or the part names nothing.</exception>
    public async Task<NodeFilter> ToFirmFilterAsync(IGraphStore store, ProvinceDirectory directory, DateOnly asOf, CancellationToken cancellationToken)
    {
        var given = new object?[] { Park, Province, Region, Corridor, Country, Sector }.Count(v => v is string s ? !string.IsNullOrWhiteSpace(s) : v is not null);
        if (given != 1)
        {
            throw new ScopeException(null, null, "Give exactly one of park, province, region, corridor, country" + (Sector is null ? "." : " and sector."));
        }
        if (Country is { } country)
        {
            return country ? new NodeFilter { Countries = ["VN"] } : throw new ScopeException(null, null, "country takes true (every firm in Vietnam).");
        }
        if (Sector is { } sector)
        {
            var id = SectorCode.ToId(sector);
            return (await store.GetNodesAsync([id], cancellationToken).ConfigureAwait(false))[0] is Sector
                ? new NodeFilter { SectorIds = [id] }
                : throw ScopeException.NotFound("sector", sector);
        }
        if (Park is { } park)
        {
            return (await store.GetNodesAsync([park], cancellationToken).ConfigureAwait(false))[0] is Park
                ? new NodeFilter { ParkIds = [park] }
                : throw ScopeException.NotFound("park", park);
        }
        if (Province is { } provinceRef)
        {
            var province = directory.Resolve(provinceRef, asOf) ?? throw ScopeException.NotFound("province", provinceRef);
            return new NodeFilter { ProvinceIds = directory.ScopeIds(province, asOf) };
        }
        if (Region is { } regionRef)
        {
            var regions = await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Region }, cancellationToken).ConfigureAwait(false);
            var key = VietnameseText.Fold(regionRef);
            var region = regions.Items.Select(i => (Region)i.Node).FirstOrDefault(r =>
                r.Id == regionRef || r.Code == regionRef.Trim() || VietnameseText.Fold(r.Name) == key || VietnameseText.Fold(r.NameEn) == key)
                ?? throw ScopeException.NotFound("region", regionRef);
            return new NodeFilter { ProvinceIds = [.. directory.All.Where(p => p.RegionId == region.Id).Select(p => p.Id)] };
        }
        var corridor = (await store.GetNodesAsync([Corridor!], cancellationToken).ConfigureAwait(false))[0] as Corridor
            ?? throw ScopeException.NotFound("corridor", Corridor!);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var listed in corridor.ProvinceIds.Select(directory.ById).OfType<Province>())
        {
            ids.Add(listed.Id);
            ids.Add(directory.RollUp(listed, asOf).Id);
        }
        return new NodeFilter { ProvinceIds = ids };
    }
}

/// <summary>Where the firms and parks a province filter misses are: those its former provinces' successors could not place.</summary>
public static class Unplacement
{
    /// <summary>
    /// For a filter over former provinces (63-province map), the same filter over the firms or parks of their successors
    /// that the placement rules could not place: they may lie in one of those former provinces, and a listing or report
    /// over them says how many and which. Null when the filter names no former province whose successor it leaves out.
    /// </summary>
    public static NodeFilter? Filter(NodeFilter? filter, ProvinceDirectory directory)
    {
        if (filter?.ProvinceIds is not { Count: > 0 } ids || filter.Unplaced is not null)
        {
            return null;
        }
        var given = ids.ToHashSet(StringComparer.Ordinal);
        var successors = given.Select(directory.ById).OfType<Province>()
            .Where(p => p.ValidTo is not null && p.SuccessorId is { } s && !given.Contains(s))
            .Select(p => p.SuccessorId!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return successors.Count == 0 ? null : filter with { ProvinceIds = successors, Unplaced = true };
    }
}

/// <summary>A scope that is not well formed (<see cref="Kind"/> null) or names nothing of its kind.</summary>
public sealed class ScopeException(string? kind, string? value, string message) : Exception(message)
{
    /// <summary>What was looked up (park, province, region, corridor, sector), or null when the scope's shape is wrong.</summary>
    public string? Kind { get; } = kind;

    public string? Value { get; } = value;

    /// <summary>Whether the scope names something that is not in the graph (rather than being malformed).</summary>
    public bool IsNotFound => Kind is not null;

    public static ScopeException NotFound(string kind, string value) => new(kind, value, $"No {kind} matches \"{value}\".");
}
