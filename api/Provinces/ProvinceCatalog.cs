using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Api.Provinces;

/// <summary>The province directory (identity across the 2025 merger) of the graph's latest version, rebuilt when the version moves.</summary>
public sealed class ProvinceCatalog(IGraphStore store)
{
    private volatile Entry? _current;

    /// <summary>The directory as of a version a request read (an older one than kept is read again).</summary>
    public async Task<ProvinceDirectory> GetAsync(long version, CancellationToken cancellationToken)
    {
        if (_current is { } cached && cached.Version >= version)
        {
            return cached.Directory;
        }
        var page = await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Province }, cancellationToken).ConfigureAwait(false);
        var directory = new ProvinceDirectory(page.Items.Select(i => (Province)i.Node));
        _current = new Entry(version, directory);
        return directory;
    }

    public async Task<ProvinceDirectory> GetAsync(CancellationToken cancellationToken) =>
        await GetAsync(await store.GetVersionAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    private sealed record Entry(long Version, ProvinceDirectory Directory);
}
