using Ecosystem.Api.Errors;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ecosystem.Api.Caching;
using GraphQL.Transport;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace Ecosystem.Api.PersistedQueries;

/// <summary>What a persisted-query request resolves to: the query text to run, or the error to answer with.</summary>
public sealed record PersistedQueryResolution(string? Query, int Status = 200, string? Code = null, string? Message = null)
{
    /// <summary>The SHA-256 hex the request named (trusted-documents mode looks it up as a document id).</summary>
    public string? Hash { get; init; }

    public bool IsError => Code is not null;
}

/// <summary>
/// Automatic persisted queries on the Apollo protocol: <c>extensions.persistedQuery { version: 1, sha256Hash }</c> over
/// GET and POST. A hash alone runs the query registered under it, or answers PersistedQueryNotFound (HTTP 200) so that
/// the client sends the text; a hash with the text is checked against the text's SHA-256, registered in the cache (in
/// Redis too, so every replica knows it) and run.
/// </summary>
public sealed class AutomaticPersistedQueries(HybridCache cache, IOptions<CacheOptions> options, CacheMetrics metrics)
{
    public const string NotFoundMessage = "PersistedQueryNotFound";
    public const string NotFoundCode = ErrorCodes.PersistedQueryNotFound;

    private static readonly HybridCacheEntryOptions LookupOnly = new()
    {
        Flags = HybridCacheEntryFlags.DisableUnderlyingData | HybridCacheEntryFlags.DisableLocalCacheWrite,
    };

    private static readonly HybridCacheEntryOptions LocalOnly = new() { Flags = HybridCacheEntryFlags.DisableDistributedCacheWrite };

    private readonly HybridCacheEntryOptions _entry = new()
    {
        Expiration = TimeSpan.FromHours(options.Value.PersistedQueryExpirationHours),
        LocalCacheExpiration = TimeSpan.FromHours(Math.Min(options.Value.PersistedQueryExpirationHours, 24)),
    };

    /// <summary>The persisted-query extension of a request, or null when it has none.</summary>
    public static PersistedQueryResolution? Parse(GraphQLRequest request, out int? version)
    {
        version = null;
        if (request.Extensions is null || !request.Extensions.TryGetValue("persistedQuery", out var value) || value is null)
        {
            return null;
        }
        if (value is not IReadOnlyDictionary<string, object?> persisted)
        {
            return new(null, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "extensions.persistedQuery must be an object with version and sha256Hash.");
        }
        try
        {
            version = persisted.TryGetValue("version", out var v) && v is not null ? Convert.ToInt32(v, CultureInfo.InvariantCulture) : null;
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
        {
            version = null;
        }
        if (version != 1)
        {
            return new(null, StatusCodes.Status400BadRequest, ErrorCodes.PersistedQueryNotSupported, "Only persisted query version 1 is supported.");
        }
        var hash = persisted.TryGetValue("sha256Hash", out var h) ? h as string : null;
        if (hash is null || hash.Length != 64 || !hash.All(char.IsAsciiHexDigit))
        {
            return new(null, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "extensions.persistedQuery.sha256Hash must be 64 hexadecimal digits.");
        }
        hash = hash.ToLowerInvariant();
        if (request.Query is { } query && !string.Equals(Sha256Hex(query), hash, StringComparison.Ordinal))
        {
            return new(null, StatusCodes.Status400BadRequest, ErrorCodes.PersistedQueryHashMismatch, "The query's SHA-256 does not match extensions.persistedQuery.sha256Hash.") { Hash = hash };
        }
        return new(request.Query) { Hash = hash };
    }

    /// <summary>Registers the text of a checked request, or finds the text of a hash-only one.</summary>
    public async Task<PersistedQueryResolution> ResolveAsync(PersistedQueryResolution parsed, CancellationToken cancellationToken)
    {
        var key = "apq:" + parsed.Hash;
        if (parsed.Query is { } query)
        {
            await cache.SetAsync(key, query, _entry, cancellationToken: cancellationToken).ConfigureAwait(false);
            metrics.PersistedQuery("registered");
            return parsed;
        }
        var found = await cache.GetOrCreateAsync<string?>(key, _ => ValueTask.FromResult<string?>(null), LookupOnly, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            metrics.PersistedQuery("not_found");
            return parsed with { Code = NotFoundCode, Message = NotFoundMessage };
        }
        // Found (perhaps in Redis, registered by another replica): keep it in this process from now on.
        await cache.SetAsync(key, found, LocalOnly, cancellationToken: cancellationToken).ConfigureAwait(false);
        metrics.PersistedQuery("hit");
        return parsed with { Query = found };
    }

    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
