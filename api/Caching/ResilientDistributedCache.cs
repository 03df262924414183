using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;

namespace Ecosystem.Api.Caching;

/// <summary>
/// Level 2 (Redis) as the cache sees it: never throws and never makes a request wait longer than
/// <see cref="CacheOptions.RedisTimeoutMs"/>. A failure switches level 2 off for <see cref="CacheOptions.RedisRetrySeconds"/>
/// (reads miss, writes are dropped) and logs one warning for the whole outage; the first call that succeeds after it
/// logs that Redis is back. Requests meanwhile are answered from level 1 or computed.
/// </summary>
public sealed partial class ResilientDistributedCache(IDistributedCache inner, IOptions<CacheOptions> options, CacheMetrics metrics, TimeProvider time, ILogger<ResilientDistributedCache> logger)
    : IDistributedCache
{
    private readonly TimeSpan _timeout = TimeSpan.FromMilliseconds(options.Value.RedisTimeoutMs);
    private readonly TimeSpan _retry = TimeSpan.FromSeconds(options.Value.RedisRetrySeconds);
    private readonly Lock _state = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _recentHits = new(StringComparer.Ordinal);
    private bool _down;
    private DateTimeOffset _retryAt;

    /// <summary>Whether the last lookup of a response key was answered by Redis (told once, to the request that asks).</summary>
    public bool TakeHit(string key) => _recentHits.TryRemove(key, out _);

    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        if (!ShouldTry())
        {
            return null;
        }
        try
        {
            var value = await inner.GetAsync(key, token).WaitAsync(_timeout, time, token).ConfigureAwait(false);
            Succeeded();
            if (value is not null)
            {
                metrics.L2Hit();
                if (key.StartsWith(ResponseCache.KeyPrefix, StringComparison.Ordinal))
                {
                    _recentHits[key] = 0;
                }
            }
            return value;
        }
        catch (Exception ex) when (!token.IsCancellationRequested)
        {
            Failed(ex);
            return null;
        }
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => SetAsync(key, value, options).GetAwaiter().GetResult();

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        GuardAsync(ct => inner.SetAsync(key, value, options, ct), token);

    public void Refresh(string key) => RefreshAsync(key).GetAwaiter().GetResult();

    public Task RefreshAsync(string key, CancellationToken token = default) => GuardAsync(ct => inner.RefreshAsync(key, ct), token);

    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    public Task RemoveAsync(string key, CancellationToken token = default) => GuardAsync(ct => inner.RemoveAsync(key, ct), token);

    /// <summary>A write to level 2 within the time limit, or nothing (a failure only switches level 2 off for a while).</summary>
    private async Task GuardAsync(Func<CancellationToken, Task> call, CancellationToken token)
    {
        if (!ShouldTry())
        {
            return;
        }
        try
        {
            await call(token).WaitAsync(_timeout, time, token).ConfigureAwait(false);
            Succeeded();
        }
        catch (Exception ex) when (!token.IsCancellationRequested)
        {
            Failed(ex);
        }
    }

    /// <summary>While level 2 is off, one call per retry interval goes through to see whether Redis is back.</summary>
    private bool ShouldTry()
    {
        lock (_state)
        {
            if (!_down)
            {
                return true;
            }
            var now = time.GetUtcNow();
            if (now < _retryAt)
            {
                return false;
            }
            _retryAt = now + _retry;
            return true;
        }
    }

    private void Succeeded()
    {
        bool recovered;
        lock (_state)
        {
            recovered = _down;
            _down = false;
        }
        if (recovered)
        {
            metrics.L2Available(true);
            LogRecovered(logger);
        }
    }

    private void Failed(Exception ex)
    {
        metrics.L2Error();
        bool first;
        lock (_state)
        {
            first = !_down;
            _down = true;
            _retryAt = time.GetUtcNow() + _retry;
        }
        if (first)
        {
            metrics.L2Available(false);
            LogOutage(logger, _retry.TotalSeconds, ex.GetType().Name, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis (cache level 2) is unavailable; answering from level 1 and the store, trying again every {RetrySeconds} s ({Error}: {Reason})")]
    private static partial void LogOutage(ILogger logger, double retrySeconds, string error, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis (cache level 2) answers again")]
    private static partial void LogRecovered(ILogger logger);
}
