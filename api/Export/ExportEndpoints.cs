using Ecosystem.Api.Auth;
using Ecosystem.Api.Downloads;
using Ecosystem.Api.Errors;
using Ecosystem.Api.Limits;
using Ecosystem.Graph.Data.Export;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;
using Microsoft.Extensions.Options;

namespace Ecosystem.Api.Export;

/// <summary>
/// Subgraph downloads for researchers (GraphML, JSON, or the import CSVs), the same code as `seed export`:
/// GET /export/supply-chain?firmId=&amp;direction=&amp;maxDepth=&amp;format= and GET /export/scope?province=|park=|corridor=|sector=&amp;format=.
/// Link values, firms' revenue and restricted sourcing requests are left out unless the caller has the analyst role.
/// </summary>
public static class ExportEndpoints
{
    public static WebApplication MapExport(this WebApplication app)
    {
        app.MapGet("/export/supply-chain", (HttpContext http, IGraphStore store, IOptions<LimitOptions> limits, TimeProvider time, DownloadService downloads) =>
            ServeAsync(http, downloads, async ct =>
            {
                var q = http.Request.Query;
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
                var depth = q["maxDepth"].ToString() is { Length: > 0 } d
                    ? (int.TryParse(d, out var n) && TraversalDepth.IsValid(n) ? n : throw new ExportException($"maxDepth must be between 1 and {TraversalDepth.Max}."))
                    : 3;
                var graph = await GraphExporter.SupplyChainAsync(store, new TraversalRequest
                {
                    RootIds = [firmId],
                    Direction = direction,
                    MaxDepth = depth,
                    Filter = new LinkFilter { AsOf = VietnamTime.Today(time) },
                    MaxFirms = limits.Value.MaxChainFirms,
                }, ct).ConfigureAwait(false);
                return (graph, $"supply-chain-{NodeIds.Local(firmId)}");
            }));
        app.MapGet("/export/scope", (HttpContext http, IGraphStore store, IOptions<LimitOptions> limits, TimeProvider time, DownloadService downloads) =>
            ServeAsync(http, downloads, async ct =>
            {
                var q = http.Request.Query;
                var scope = new ExportScope(Blank(q["province"]), Blank(q["park"]), Blank(q["corridor"]), Blank(q["sector"]));
                var filter = await scope.ToFilterAsync(store, VietnamTime.Today(time), ct).ConfigureAwait(false);
                var graph = await GraphExporter.ScopeAsync(store, filter, new LinkFilter { AsOf = VietnamTime.Today(time) }, limits.Value.MaxChainFirms, ct).ConfigureAwait(false);
                return (graph, "scope");
            }));
        return app;
    }

    private static string? Blank(Microsoft.Extensions.Primitives.StringValues value) => value.Count == 0 || string.IsNullOrWhiteSpace(value) ? null : value.ToString();

    /// <summary>An export through the download flow; commercial values only for analysts (their own cache view).</summary>
    private static Task ServeAsync(HttpContext http, DownloadService downloads, Func<CancellationToken, Task<(Subgraph Graph, string Stem)>> build)
    {
        var valuesShown = http.User.Has(Role.Analyst);
        return downloads.ServeAsync(http, valuesShown ? "values" : "public", async ct =>
        {
            try
            {
                var format = GraphExporter.ParseFormat(http.Request.Query["format"].ToString() is { Length: > 0 } f ? f : "graphml");
                var (graph, stem) = await build(ct).ConfigureAwait(false);
                if (!valuesShown)
                {
                    graph = graph with
                    {
                        Links = [.. graph.Links.Select(l => l.ValueUsd is null ? l : l with { ValueUsd = null })],
                        Firms = [.. graph.Firms.Select(f => f.RevenueUsd is null ? f : f with { RevenueUsd = null })],
                        Requests = [.. graph.Requests.Where(r => !r.Restricted)],
                    };
                }
                return new Download(
                    GraphExporter.ContentType(format),
                    GraphExporter.FileName(stem, format),
                    new Dictionary<string, string> { ["X-Truncated"] = graph.Truncated ? "true" : "false" },
                    (stream, token) => GraphExporter.WriteAsync(graph, format, stream, token));
            }
            catch (ExportException ex)
            {
                throw new DownloadRefusedException(ex.Kind == ExportFailure.NotFound ? Refusal.NotFound(ex.Message) : Refusal.BadUserInput(ex.Message));
            }
        });
    }
}
