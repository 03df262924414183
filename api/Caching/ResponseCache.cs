using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using GraphQL;
using GraphQL.Transport;
using GraphQLParser.AST;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace Ecosystem.Api.Caching;

/// <summary>How a cacheable request was answered.</summary>
public enum CacheOutcome
{
    /// <summary>Computed here: neither level had it.</summary>
    Miss,

    /// <summary>From this process's memory, or from another request's computation of the same key that it waited for.</summary>
    Local,

    /// <summary>From Redis: computed by another replica, or by this one before its memory let it go.</summary>
    Distributed,
}

/// <summary>
/// Whole answers of expensive read-only GraphQL requests, in a two-level HybridCache (this process, then Redis). The key
/// holds the graph version read from the store, the date the request's defaults resolve to, the caller's roles, and a
/// hash of the document, operation name and variables: a committed write makes every older entry unreachable in every
/// replica at once. One computation per key at a time; the others wait for it.
/// </summary>
public sealed class ResponseCache
{
    /// <summary>What every response key starts with (exports start with <c>export:</c>, which level 2 tells apart too).</summary>
    public const string KeyPrefix = "gql:";

    public const string ExportKeyPrefix = "export:";

    private readonly HybridCache _cache;
    private readonly CacheOptions _options;
    private readonly CacheMetrics _metrics;
    private readonly IGraphQLTextSerializer _serializer;
    private readonly HashSet<string> _fields;
    private readonly HashSet<string> _operations;
    private readonly HybridCacheEntryOptions _entry;

    private readonly ResilientDistributedCache? _distributed;

    public ResponseCache(HybridCache cache, IOptions<CacheOptions> options, CacheMetrics metrics, IGraphQLTextSerializer serializer, Microsoft.Extensions.Caching.Distributed.IDistributedCache? distributed = null)
    {
        _distributed = distributed as ResilientDistributedCache;
        _cache = cache;
        _options = options.Value;
        _metrics = metrics;
        _serializer = serializer;
        _fields = new HashSet<string>(_options.Fields, StringComparer.Ordinal);
        _operations = new HashSet<string>(_options.Operations, StringComparer.Ordinal);
        _entry = new HybridCacheEntryOptions
        {
            Expiration = TimeSpan.FromSeconds(_options.ExpirationSeconds),
            LocalCacheExpiration = TimeSpan.FromSeconds(Math.Min(_options.LocalExpirationSeconds, _options.ExpirationSeconds)),
        };
    }

    public CacheOptions Options => _options;

    /// <summary>
    /// The key of a request, or null when it is not kept: not a query, or selecting none of the expensive fields and not
    /// named by the operator.
    /// </summary>
    public string? KeyFor(GraphQLDocument document, GraphQLOperationDefinition operation, GraphQLRequest request, long version, DateOnly today, ClaimsPrincipal? user)
    {
        if (!_options.Enabled || operation.Operation != OperationType.Query)
        {
            return null;
        }
        if (!(operation.Name is { } name && _operations.Contains(name.StringValue)) && !SelectsExpensiveField(document, operation.SelectionSet, 0))
        {
            return null;
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string? text)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text ?? ""));
            hash.AppendData([0]);
        }
        Add(request.Query);
        Add(request.OperationName);
        Add(request.Variables is null ? null : _serializer.Serialize(request.Variables));
        Add(Roles(user));
        return $"{KeyPrefix}v{version}:{today:yyyyMMdd}:{Convert.ToHexStringLower(hash.GetHashAndReset())}";
    }

    /// <summary>Root fields, through inline fragments and fragment spreads at the root.</summary>
    private bool SelectsExpensiveField(GraphQLDocument document, GraphQLSelectionSet selections, int depth)
    {
        if (depth > 8)
        {
            return false;
        }
        foreach (var selection in selections.Selections)
        {
            switch (selection)
            {
                case GraphQLField field when _fields.Contains(field.Name.StringValue):
                    return true;
                case GraphQLInlineFragment inline when SelectsExpensiveField(document, inline.SelectionSet, depth + 1):
                    return true;
                case GraphQLFragmentSpread spread:
                    var fragment = document.Definitions.OfType<GraphQLFragmentDefinition>().FirstOrDefault(f => f.FragmentName.Name.StringValue == spread.FragmentName.Name.StringValue);
                    if (fragment is not null && SelectsExpensiveField(document, fragment.SelectionSet, depth + 1))
                    {
                        return true;
                    }
                    break;
            }
        }
        return false;
    }

    /// <summary>The caller's role: answers differ by role (restricted fields), never by who the caller is.</summary>
    private static string Roles(ClaimsPrincipal? user) => Auth.Roles.Name(Auth.Roles.Of(user));

    /// <summary>
    /// The cached answer, or the one <paramref name="compute"/> makes (kept unless <paramref name="compute"/> says it is
    /// not to be kept, or it is over the size limit).
    /// </summary>
    public async Task<(CachedResponse Response, CacheOutcome Outcome)> GetOrComputeAsync(
        string key, Func<CancellationToken, Task<(CachedResponse Response, bool Keep)>> compute, CancellationToken cancellationToken)
    {
        _metrics.Lookup();
        var computedHere = false;
        try
        {
            var response = await _cache.GetOrCreateAsync(key, async token =>
            {
                computedHere = true;
                _metrics.Miss();
                var (computed, keep) = await compute(token).ConfigureAwait(false);
                if (!keep || computed.Body.Length > _options.MaximumPayloadBytes)
                {
                    throw new NotKeptException(computed);
                }
                _metrics.Stored(computed.Body.Length);
                return computed;
            }, _entry, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (response, computedHere ? CacheOutcome.Miss : _distributed?.TakeHit(key) == true ? CacheOutcome.Distributed : CacheOutcome.Local);
        }
        catch (NotKeptException notKept)
        {
            _metrics.Uncacheable();
            return (notKept.Response, CacheOutcome.Miss);
        }
    }

    /// <summary>An entry read without computing anything on a miss (for answers that stream, like exports).</summary>
    public async Task<CachedResponse?> TryGetAsync(string key, CancellationToken cancellationToken)
    {
        _metrics.Lookup();
        var found = await _cache.GetOrCreateAsync<CachedResponse?>(key, _ => ValueTask.FromResult<CachedResponse?>(null),
            new HybridCacheEntryOptions { Flags = HybridCacheEntryFlags.DisableUnderlyingData | HybridCacheEntryFlags.DisableLocalCacheWrite },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            _metrics.Miss();
        }
        return found;
    }

    /// <summary>Keeps an answer computed outside <see cref="GetOrComputeAsync"/> (an export that fitted the size limit).</summary>
    public async Task SetAsync(string key, CachedResponse? response, CancellationToken cancellationToken)
    {
        if (response is null || response.Body.Length > _options.MaximumPayloadBytes)
        {
            _metrics.Uncacheable();
            return;
        }
        await _cache.SetAsync(key, response, _entry, cancellationToken: cancellationToken).ConfigureAwait(false);
        _metrics.Stored(response.Body.Length);
    }

    private readonly Dictionary<string, (SemaphoreSlim Gate, int Users)> _gates = new(StringComparer.Ordinal);

    /// <summary>
    /// One computation per key at a time in this process, for answers computed outside <see cref="GetOrComputeAsync"/>
    /// (exports, CSV reports): the caller holds the returned gate while it computes and keeps the answer, and the callers
    /// waiting behind it look the key up again once they have it.
    /// </summary>
    public async Task<IDisposable> LockAsync(string key, CancellationToken cancellationToken)
    {
        SemaphoreSlim gate;
        lock (_gates)
        {
            (SemaphoreSlim Gate, int Users) entry = _gates.TryGetValue(key, out var existing) ? existing : (new SemaphoreSlim(1, 1), 0);
            _gates[key] = (entry.Gate, entry.Users + 1);
            gate = entry.Gate;
        }
        try
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(key);
            throw;
        }
        return new Gate(this, key, gate);
    }

    private void Leave(string key)
    {
        lock (_gates)
        {
            var (gate, users) = _gates[key];
            if (users == 1)
            {
                _gates.Remove(key);
                gate.Dispose();
            }
            else
            {
                _gates[key] = (gate, users - 1);
            }
        }
    }

    private sealed class Gate(ResponseCache owner, string key, SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
                owner.Leave(key);
            }
        }
    }

    private sealed class NotKeptException(CachedResponse response) : Exception("not kept")
    {
        public CachedResponse Response { get; } = response;
    }
}
