using GraphQL.DataLoader;

namespace Ecosystem.Api.Loading;

/// <summary>
/// Collects the keys asked for while one level of a query resolves and fetches them in one call when the first result is
/// awaited; a key asked for again in the same request is answered from what was fetched. One instance per request.
/// </summary>
public sealed class BatchLoader<TKey, TValue>
    where TKey : notnull
{
    private readonly Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyList<TValue>>> _fetch;
    private readonly Dictionary<TKey, Slot> _slots;
    private readonly Lock _lock = new();
    private Batch? _open;

    public BatchLoader(Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyList<TValue>>> fetch, IEqualityComparer<TKey>? comparer = null)
    {
        _fetch = fetch;
        _slots = new Dictionary<TKey, Slot>(comparer);
    }

    /// <summary>A pending result for one key; the batch it belongs to runs when any of its results is awaited.</summary>
    public IDataLoaderResult<TValue> Load(TKey key)
    {
        lock (_lock)
        {
            if (!_slots.TryGetValue(key, out var slot))
            {
                _open ??= new Batch(this);
                slot = new Slot(_open, _open.Keys.Count);
                _open.Keys.Add(key);
                _slots[key] = slot;
            }
            return slot;
        }
    }

    /// <summary>Pending results for many keys, in order, as one result.</summary>
    public IDataLoaderResult<IReadOnlyList<TValue>> LoadMany(IReadOnlyList<TKey> keys)
    {
        var slots = new IDataLoaderResult<TValue>[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            slots[i] = Load(keys[i]);
        }
        return new ManyResult(slots);
    }

    private sealed class Batch(BatchLoader<TKey, TValue> owner)
    {
        private Task<IReadOnlyList<TValue>>? _task;

        public List<TKey> Keys { get; } = [];

        public Task<IReadOnlyList<TValue>> RunAsync(CancellationToken cancellationToken)
        {
            lock (owner._lock)
            {
                if (_task is null)
                {
                    if (ReferenceEquals(owner._open, this))
                    {
                        owner._open = null;
                    }
                    _task = owner._fetch(Keys, cancellationToken);
                }
                return _task;
            }
        }
    }

    private sealed class Slot(Batch batch, int index) : IDataLoaderResult<TValue>
    {
        public async Task<TValue> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var values = await batch.RunAsync(cancellationToken).ConfigureAwait(false);
            return values[index];
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken).ConfigureAwait(false);
    }

    private sealed class ManyResult(IDataLoaderResult<TValue>[] slots) : IDataLoaderResult<IReadOnlyList<TValue>>
    {
        public async Task<IReadOnlyList<TValue>> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var values = new TValue[slots.Length];
            for (var i = 0; i < slots.Length; i++)
            {
                values[i] = await slots[i].GetResultAsync(cancellationToken).ConfigureAwait(false);
            }
            return values;
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Continuations on pending results that keep batching: the next step is queued by the executor, not awaited.</summary>
public static class DataLoaderResultExtensions
{
    /// <summary>A result that is already there, for branches that need no loading.</summary>
    public static IDataLoaderResult<T> Completed<T>(T value) => new CompletedResult<T>(value);

    public static IDataLoaderResult<TOut> Then<TIn, TOut>(this IDataLoaderResult<TIn> result, Func<TIn, TOut> map) =>
        new MappedResult<TIn, TOut>(result, map);

    /// <summary>Maps to another pending result, which the executor then batches with its siblings.</summary>
    public static IDataLoaderResult<IDataLoaderResult<TOut>> ThenLoad<TIn, TOut>(this IDataLoaderResult<TIn> result, Func<TIn, IDataLoaderResult<TOut>> next) =>
        new MappedResult<TIn, IDataLoaderResult<TOut>>(result, next);

    private sealed class CompletedResult<T>(T value) : IDataLoaderResult<T>
    {
        public Task<T> GetResultAsync(CancellationToken cancellationToken = default) => Task.FromResult(value);

        Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => Task.FromResult<object?>(value);
    }

    private sealed class MappedResult<TIn, TOut>(IDataLoaderResult<TIn> inner, Func<TIn, TOut> map) : IDataLoaderResult<TOut>
    {
        public async Task<TOut> GetResultAsync(CancellationToken cancellationToken = default) =>
            map(await inner.GetResultAsync(cancellationToken).ConfigureAwait(false));

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken).ConfigureAwait(false);
    }
}
