using Ecosystem.Api.Auth;
using Ecosystem.Api.Caching;
using Ecosystem.Api.Errors;
using Ecosystem.Api.Limits;
using Ecosystem.Graph.Data.Export;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL;
using Microsoft.Extensions.Options;

namespace Ecosystem.Api.Export;

/// <summary>
/// Subgraph downloads for researchers (GraphML, JSON, or the import CSVs), the same code as `seed export`:
/// GET /export/supply-chain?firmId=&amp;direction=&amp;maxDepth=&amp;format= and GET /export/scope?province=|park=|corridor=|sector=&amp;format=.
/// Link values are left out unless the caller has the analyst role.
/// </summary>
public static class ExportEndpoints
{
    public static WebApplication MapExport(this WebApplication app)
    {
        app.MapGet("/export/supply-chain", async (HttpContext http, IGraphStore store, IOptions<LimitOptions> limits, TimeProvider time, ResponseCache cache) =>
        {
            var q = http.Request.Query;
            await RunAsync(http, store, cache, time, q["format"], async (format, ct) =>
            {
                var firmId = q["firmId"].ToString();
                if (firmId.Length == 0)
                {
                    throw new ExportException("firmId is required.");
                }
                var direction = q["direction"].ToString().ToUpperInvariant() switch
                {
                    "" or "UPSTREAM" => Direction.In,
                    "DOWNSTREAM" => Direction.Out,
                    var other => throw new ExportException($"direction must be UPSTREAM or DOWNSTREAM (got '{other}')."),
                };
                var depth = q["maxDepth"].ToString() is { Length: > 0 } d ? (int.TryParse(d, out var n) && n is >= 1 and <= 6 ? n : throw new ExportException("maxDepth must be between 1 and 6.")) : 3;
                var graph = await GraphExporter.SupplyChainAsync(store, new TraversalRequest
                {
                    RootIds = [firmId],
                    Direction = direction,
                    MaxDepth = depth,
                    Filter = new LinkFilter { AsOf = Today(time) },
                    MaxFirms = limits.Value.MaxChainFirms,
                }, ct).ConfigureAwait(false);
                return (graph, $"supply-chain-{NodeIdsLocal(firmId)}");
            });
        });
        app.MapGet("/export/scope", async (HttpContext http, IGraphStore store, IOptions<LimitOptions> limits, TimeProvider time, ResponseCache cache) =>
        {
            var q = http.Request.Query;
            await RunAsync(http, store, cache, time, q["format"], async (format, ct) =>
            {
                var scope = new ExportScope(Blank(q["province"]), Blank(q["park"]), Blank(q["corridor"]), Blank(q["sector"]));
                var filter = await scope.ToFilterAsync(store, Today(time), ct).ConfigureAwait(false);
                var graph = await GraphExporter.ScopeAsync(store, filter, new LinkFilter { AsOf = Today(time) }, limits.Value.MaxChainFirms, ct).ConfigureAwait(false);
                return (graph, "scope");
            });
        });
        return app;
    }

    private static string? Blank(Microsoft.Extensions.Primitives.StringValues value) => value.Count == 0 || string.IsNullOrWhiteSpace(value) ? null : value.ToString();

    private static string NodeIdsLocal(string id) => Graph.Rules.NodeIds.Local(id);

    private static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime.AddHours(7));

    /// <summary>
    /// Serves an export from the cache when the same one was made at this graph version today; otherwise builds it and
    /// streams it, keeping a copy when it fits the cache's entry size limit (large exports stream and are not kept).
    /// </summary>
    private static async Task RunAsync(
        HttpContext http, IGraphStore store, ResponseCache cache, TimeProvider time, string? formatText, Func<ExportFormat, CancellationToken, Task<(Subgraph Graph, string Stem)>> build)
    {
        ExportFormat format;
        Subgraph graph;
        string stem;
        string? key = null;
        IDisposable? gate = null;
        var valuesShown = http.User.Has(Role.Analyst);
        try
        {
            format = GraphExporter.ParseFormat(formatText ?? "graphml");
            if (cache.Options.Enabled)
            {
                var version = await store.GetVersionAsync(http.RequestAborted).ConfigureAwait(false);
                var query = string.Join('&', http.Request.Query.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
                key = $"{ResponseCache.ExportKeyPrefix}v{version}:{Today(time):yyyyMMdd}:{(valuesShown ? "values" : "public")}:{http.Request.Path}?{query}";
                if (await ServeHitAsync(http, cache, key, format).ConfigureAwait(false))
                {
                    return;
                }
                // One export per key at a time: those that waited find it kept (when it fitted an entry).
                gate = await cache.LockAsync(key, http.RequestAborted).ConfigureAwait(false);
                if (await ServeHitAsync(http, cache, key, format).ConfigureAwait(false))
                {
                    gate.Dispose();
                    return;
                }
            }
            (graph, stem) = await build(format, http.RequestAborted).ConfigureAwait(false);
            if (!valuesShown)
            {
                // Commercial values are for analysts: everyone else gets the links without them.
                graph = graph with { Links = [.. graph.Links.Select(l => l.ValueUsd is null ? l : l with { ValueUsd = null })] };
            }
        }
        catch (ExportException ex)
        {
            gate?.Dispose();
            http.Response.StatusCode = ex.Message.StartsWith("No ", StringComparison.Ordinal) ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;
            await http.Response.WriteAsJsonAsync(new
            {
                errors = new[] { new { message = ex.Message, extensions = new { code = http.Response.StatusCode == 404 ? ErrorCodes.NotFound : ErrorCodes.BadUserInput } } },
            }, http.RequestAborted).ConfigureAwait(false);
            return;
        }
        using (gate)
        {
            WriteHeaders(http, format, stem, graph.Truncated, key is null ? null : "MISS");
            if (key is null)
            {
                await GraphExporter.WriteAsync(graph, format, http.Response.Body, http.RequestAborted).ConfigureAwait(false);
                return;
            }
            var copy = new CopyingStream(http.Response.Body, cache.Options.MaximumPayloadBytes);
            await GraphExporter.WriteAsync(graph, format, copy, http.RequestAborted).ConfigureAwait(false);
            await cache.SetAsync(key, copy.Copy is { } body ? new CachedResponse(body, 200, $"{stem}\t{(graph.Truncated ? "true" : "false")}") : null, http.RequestAborted).ConfigureAwait(false);
        }
    }

    private static async Task<bool> ServeHitAsync(HttpContext http, ResponseCache cache, string key, ExportFormat format)
    {
        if (await cache.TryGetAsync(key, http.RequestAborted).ConfigureAwait(false) is not { } hit)
        {
            return false;
        }
        var meta = hit.Meta.Split('\t');
        WriteHeaders(http, format, meta[0], meta[1] == "true", "HIT");
        http.Response.ContentLength = hit.Body.Length;
        await http.Response.Body.WriteAsync(hit.Body, http.RequestAborted).ConfigureAwait(false);
        return true;
    }

    private static void WriteHeaders(HttpContext http, ExportFormat format, string stem, bool truncated, string? cache)
    {
        http.Response.ContentType = GraphExporter.ContentType(format) + "; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{GraphExporter.FileName(stem, format)}\"";
        http.Response.Headers["X-Truncated"] = truncated ? "true" : "false";
        if (cache is not null)
        {
            http.Response.Headers["X-Cache"] = cache;
        }
    }

    /// <summary>Passes writes on to the response and keeps a copy of them, until they pass a size (then only passes them on).</summary>
    private sealed class CopyingStream(Stream inner, int limit) : Stream
    {
        private MemoryStream? _copy = new();

        /// <summary>Everything written, or null when it grew past the limit.</summary>
        public byte[]? Copy => _copy?.ToArray();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Keep(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private void Keep(ReadOnlySpan<byte> bytes)
        {
            if (_copy is null)
            {
                return;
            }
            if (_copy.Length + bytes.Length > limit)
            {
                _copy = null;
                return;
            }
            _copy.Write(bytes);
        }
    }
}
