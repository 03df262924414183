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
/// </summary>
public static class ExportEndpoints
{
    public static WebApplication MapExport(this WebApplication app)
    {
        app.MapGet("/export/supply-chain", async (HttpContext http, IGraphStore store, IOptions<LimitOptions> limits, TimeProvider time) =>
        {
            var q = http.Request.Query;
            await RunAsync(http, q["format"], async (format, ct) =>
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
        app.MapGet("/export/scope", async (HttpContext http, IGraphStore store, IOptions<LimitOptions> limits, TimeProvider time) =>
        {
            var q = http.Request.Query;
            await RunAsync(http, q["format"], async (format, ct) =>
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

    private static async Task RunAsync(HttpContext http, string? formatText, Func<ExportFormat, CancellationToken, Task<(Subgraph Graph, string Stem)>> build)
    {
        ExportFormat format;
        Subgraph graph;
        string stem;
        try
        {
            format = GraphExporter.ParseFormat(formatText ?? "graphml");
            (graph, stem) = await build(format, http.RequestAborted).ConfigureAwait(false);
        }
        catch (ExportException ex)
        {
            http.Response.StatusCode = ex.Message.StartsWith("No ", StringComparison.Ordinal) ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;
            await http.Response.WriteAsJsonAsync(new
            {
                errors = new[] { new { message = ex.Message, extensions = new { code = http.Response.StatusCode == 404 ? ErrorCodes.NotFound : ErrorCodes.BadUserInput } } },
            }, http.RequestAborted).ConfigureAwait(false);
            return;
        }
        http.Response.ContentType = GraphExporter.ContentType(format) + "; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{GraphExporter.FileName(stem, format)}\"";
        http.Response.Headers["X-Truncated"] = graph.Truncated ? "true" : "false";
        await GraphExporter.WriteAsync(graph, format, http.Response.Body, http.RequestAborted).ConfigureAwait(false);
    }
}
