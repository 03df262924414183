using Ecosystem.Graph.Matching;
using Ecosystem.Graph.Store;

namespace Ecosystem.Api.Reconcile;

/// <summary>
/// The matcher over every firm of the graph, built once per graph version on the thread pool (seconds at a million
/// firms) and kept until a newer version is asked for; a build that failed is made again when next asked for.
/// </summary>
public sealed class FirmMatcherCache(IGraphStore store)
{
    private readonly Lock _lock = new();
    private (long Version, Lazy<Task<FirmMatcher>> Matcher)? _current;

    public Task<FirmMatcher> GetAsync(long version, CancellationToken cancellationToken)
    {
        Lazy<Task<FirmMatcher>> entry;
        lock (_lock)
        {
            if (_current is not { } current || current.Version < version
                || (current.Matcher.IsValueCreated && current.Matcher.Value is { IsFaulted: true } or { IsCanceled: true }))
            {
                _current = (version, new Lazy<Task<FirmMatcher>>(() => Task.Run(() => MatchRecords.LoadMatcherAsync(store, CancellationToken.None))));
            }
            entry = _current.Value.Matcher;
        }
        return entry.Value.WaitAsync(cancellationToken);
    }
}
