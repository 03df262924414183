using Ecosystem.Api.Provinces;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Api.Loading;

/// <summary>
/// One request's view of the graph, read once and shared by its resolvers: the graph version it answers from, today in
/// Vietnam (<see cref="VietnamTime"/>), and the province directory of that version (fetched on first use, once).
/// </summary>
public sealed class RequestView(long version, DateOnly today, ProvinceCatalog catalog)
{
    private Task<ProvinceDirectory>? _provinces;

    public long Version { get; } = version;

    public DateOnly Today { get; } = today;

    /// <summary>The directory of provinces old and new (identity across the 2025 merger).</summary>
    public Task<ProvinceDirectory> ProvincesAsync(CancellationToken cancellationToken) =>
        _provinces ??= catalog.GetAsync(Version, cancellationToken);

    /// <summary>
    /// The province ids a filter on a province name, code or id covers as of a date: a current province takes in the
    /// former ones merged into it; a former province only itself. NOT_FOUND when nothing matches.
    /// </summary>
    /// <summary>The ward a filter names by id or code: the unit in force with the code on the date, else the former one. NOT_FOUND when none.</summary>
    public static async Task<IReadOnlyList<string>> WardScopeAsync(Graph.Store.IGraphStore store, string wardRef, DateOnly asOf, CancellationToken cancellationToken)
    {
        var text = wardRef.Trim();
        string[] ids = text.StartsWith("ward:", StringComparison.Ordinal) ? [text]
            : text.Length is > 0 and <= 5 && text.All(char.IsAsciiDigit) ? [$"ward:{text.PadLeft(5, '0')}", $"ward:{text.PadLeft(5, '0')}-pre2025"]
            : [];
        var wards = ids.Length == 0 ? [] : (await store.GetNodesAsync(ids, cancellationToken).ConfigureAwait(false)).OfType<Graph.Model.Ward>().ToList();
        var ward = wards.FirstOrDefault(w => w.IsValidOn(asOf)) ?? wards.FirstOrDefault() ?? throw new Errors.ReferenceNotFoundException("ward", wardRef);
        return [ward.Id];
    }

    public async Task<IReadOnlyList<string>> ProvinceScopeAsync(string provinceRef, DateOnly asOf, CancellationToken cancellationToken)
    {
        var directory = await ProvincesAsync(cancellationToken).ConfigureAwait(false);
        var province = directory.Resolve(provinceRef, asOf) ?? throw new Errors.ReferenceNotFoundException("province", provinceRef);
        return directory.ScopeIds(province, asOf);
    }
}
