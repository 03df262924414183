using System.Text.Json;
using Ecosystem.Api.Caching;
using Ecosystem.Api.Errors;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Api.Downloads;

/// <summary>A file to download: its type, name, extra headers, and how to write it.</summary>
public sealed record Download(string ContentType, string FileName, IReadOnlyDictionary<string, string> Headers, Func<Stream, CancellationToken, Task> Write);

/// <summary>A download refused before anything was written: a bad argument, something not in the graph.</summary>
public sealed class DownloadRefusedException(Refusal error) : Exception(error.Message)
{
    public Refusal Error { get; } = error;
}

/// <summary>
/// The one cache-or-compute flow of file downloads (exports, reports): a download is made once per graph version, day
/// in Vietnam, view (what the caller's role may see) and query string. A kept copy is served (<c>X-Cache: HIT</c>);
/// otherwise one request per key makes it (those waiting find it kept), streaming it to its caller and keeping a copy
/// when it fits a cache entry (<c>MISS</c>; larger ones stream and are not kept). A refusal is written by
/// <see cref="ErrorResponses"/> and never kept.
/// </summary>
public sealed class DownloadService(IGraphStore store, ResponseCache cache, TimeProvider time)
{
    public async Task ServeAsync(HttpContext http, string view, Func<CancellationToken, Task<Download>> make)
    {
        var key = cache.Options.Enabled ? await KeyAsync(http, view).ConfigureAwait(false) : null;
        IDisposable? gate = null;
        if (key is not null)
        {
            if (await ServeHitAsync(http, key).ConfigureAwait(false))
            {
                return;
            }
            gate = await cache.LockAsync(key, http.RequestAborted).ConfigureAwait(false);
        }
        using (gate)
        {
            if (key is not null && await ServeHitAsync(http, key).ConfigureAwait(false))
            {
                return;
            }
            Download download;
            try
            {
                download = await make(http.RequestAborted).ConfigureAwait(false);
            }
            catch (DownloadRefusedException refused)
            {
                await ErrorResponses.WriteAsync(http, refused.Error).ConfigureAwait(false);
                return;
            }
            var meta = new Meta(download.ContentType, download.FileName, download.Headers);
            WriteHeaders(http, meta, key is null ? null : "MISS");
            if (key is null)
            {
                await download.Write(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
                return;
            }
            var copy = new CopyingStream(http.Response.Body, cache.Options.MaximumPayloadBytes);
            await download.Write(copy, http.RequestAborted).ConfigureAwait(false);
            await cache.SetAsync(key, copy.Copy is { } body ? new CachedResponse(body, 200, JsonSerializer.Serialize(meta)) : null, http.RequestAborted).ConfigureAwait(false);
        }
    }

    private async Task<string> KeyAsync(HttpContext http, string view)
    {
        var version = await store.GetVersionAsync(http.RequestAborted).ConfigureAwait(false);
        var query = string.Join('&', http.Request.Query.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        return $"{ResponseCache.ExportKeyPrefix}v{version}:{VietnamTime.Today(time):yyyyMMdd}:{view}:{http.Request.Path}?{query}";
    }

    private async Task<bool> ServeHitAsync(HttpContext http, string key)
    {
        if (await cache.TryGetAsync(key, http.RequestAborted).ConfigureAwait(false) is not { } hit
            || JsonSerializer.Deserialize<Meta>(hit.Meta) is not { } meta)
        {
            return false;
        }
        WriteHeaders(http, meta, "HIT");
        http.Response.ContentLength = hit.Body.Length;
        await http.Response.Body.WriteAsync(hit.Body, http.RequestAborted).ConfigureAwait(false);
        return true;
    }

    private static void WriteHeaders(HttpContext http, Meta meta, string? cacheOutcome)
    {
        http.Response.ContentType = meta.ContentType + "; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{meta.FileName}\"";
        foreach (var (name, value) in meta.Headers)
        {
            http.Response.Headers[name] = value;
        }
        if (cacheOutcome is not null)
        {
            http.Response.Headers["X-Cache"] = cacheOutcome;
        }
    }

    /// <summary>What a kept download's headers need, kept with its body.</summary>
    private sealed record Meta(string ContentType, string FileName, IReadOnlyDictionary<string, string> Headers);
}
