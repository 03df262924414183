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
    public async Task<IReadOnlyList<string>> ProvinceScopeAsync(string provinceRef, DateOnly asOf, CancellationToken cancellationToken)
    {
        var directory = await ProvincesAsync(cancellationToken).ConfigureAwait(false);
        var province = directory.Resolve(provinceRef, asOf) ?? throw new Errors.ReferenceNotFoundException("province", provinceRef);
        return directory.ScopeIds(province, asOf);
    }
}
