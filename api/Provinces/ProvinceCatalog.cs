using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Api.Provinces;

/// <summary>The province directory (identity across the 2025 merger) of the current graph version, rebuilt when the version moves.</summary>
public sealed class ProvinceCatalog(IGraphStore store)
{
    private volatile Entry? _current;

    public async Task<ProvinceDirectory> GetAsync(CancellationToken cancellationToken)
    {
        var version = await store.GetVersionAsync(cancellationToken).ConfigureAwait(false);
        if (_current is { } cached && cached.Version == version)
        {
            return cached.Directory;
        }
        var page = await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Province }, cancellationToken).ConfigureAwait(false);
        var directory = new ProvinceDirectory(page.Items.Select(i => (Province)i.Node));
        _current = new Entry(version, directory);
        return directory;
    }

    /// <summary>
    /// The province ids a filter on a province name, code or id covers as of a date: a current province takes in the
    /// former ones merged into it; a former province only itself. NOT_FOUND when nothing matches.
    /// </summary>
    public async Task<IReadOnlyList<string>> ScopeAsync(string provinceRef, DateOnly asOf, CancellationToken cancellationToken)
    {
        var directory = await GetAsync(cancellationToken).ConfigureAwait(false);
        var province = directory.Resolve(provinceRef, asOf) ?? throw new Errors.ReferenceNotFoundException("province", provinceRef);
        return directory.ScopeIds(province, asOf);
    }

    private sealed record Entry(long Version, ProvinceDirectory Directory);
}
