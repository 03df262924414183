using Ecosystem.Graph.Analysis;
using Ecosystem.Api.Auth;
using System.Globalization;
using System.Text;
using Ecosystem.Api.Caching;
using Ecosystem.Api.Errors;
using Ecosystem.Api.Localization;
using Ecosystem.Api.Provinces;
using Ecosystem.Graph.Data.Reports;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Api.Reports;

/// <summary>
/// The localization report as CSV, with the arguments of the GraphQL <c>localizationReport</c> in the query string:
/// GET /reports/localization.csv (a row per input sector) and GET /reports/localization-candidates.csv (a row per
/// candidate of each gap; <c>first</c> per gap, default 10). Scope: exactly one of park, province, region, corridor,
/// country=true. Analysts only (the report is built from values): 401 without a credential, 403 with a lower role.
/// </summary>
public static class ReportEndpoints
{
    public static WebApplication MapReports(this WebApplication app)
    {
        app.MapGet("/reports/localization.csv", (HttpContext http, IGraphStore store, ResponseCache cache, TimeProvider time) =>
            ServeAsync(http, store, cache, time, "localization", (report, writer, ct) => LocalizationCsv.WriteInputsAsync(store, report, writer, ct)));
        app.MapGet("/reports/localization-candidates.csv", (HttpContext http, IGraphStore store, ResponseCache cache, TimeProvider time) =>
            ServeAsync(http, store, cache, time, "localization-candidates", async (report, writer, ct) =>
            {
                var first = Parse(http.Request.Query["first"], "first", 10, s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 1000 ? n : (int?)null, "a whole number from 0 to 1000");
                await LocalizationCsv.WriteCandidatesAsync(store, report, first, writer, ct).ConfigureAwait(false);
            }));
        return app;
    }

    private sealed class ReportArgumentException(string message) : Exception(message);

    private static async Task ServeAsync(HttpContext http, IGraphStore store, ResponseCache cache, TimeProvider time, string stem, Func<LocalizationReport, TextWriter, CancellationToken, Task> write)
    {
        if (!http.User.Has(Role.Analyst))
        {
            // The report is built from commercial values: analysts only.
            await RestrictedFields.RefuseAsync(http, Role.Analyst).ConfigureAwait(false);
            return;
        }
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime.AddHours(7));
        string? key = null;
        IDisposable? gate = null;
        if (cache.Options.Enabled)
        {
            var version = await store.GetVersionAsync(http.RequestAborted).ConfigureAwait(false);
            var args = string.Join('&', http.Request.Query.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
            key = $"{ResponseCache.ExportKeyPrefix}v{version}:{today:yyyyMMdd}:{http.Request.Path}?{args}";
            if (await ServeHitAsync(http, cache, key, stem).ConfigureAwait(false))
            {
                return;
            }
            // One report per key at a time: those that waited find it kept.
            gate = await cache.LockAsync(key, http.RequestAborted).ConfigureAwait(false);
            if (await ServeHitAsync(http, cache, key, stem).ConfigureAwait(false))
            {
                gate.Dispose();
                return;
            }
        }
        using (gate)
        {
            await ComputeAsync(http, store, cache, today, stem, key, write).ConfigureAwait(false);
        }
    }

    private static async Task<bool> ServeHitAsync(HttpContext http, ResponseCache cache, string key, string stem)
    {
        if (await cache.TryGetAsync(key, http.RequestAborted).ConfigureAwait(false) is not { } hit)
        {
            return false;
        }
        WriteHeaders(http, stem, "HIT");
        http.Response.ContentLength = hit.Body.Length;
        await http.Response.Body.WriteAsync(hit.Body, http.RequestAborted).ConfigureAwait(false);
        return true;
    }

    private static async Task ComputeAsync(HttpContext http, IGraphStore store, ResponseCache cache, DateOnly today, string stem, string? key, Func<LocalizationReport, TextWriter, CancellationToken, Task> write)
    {
        byte[] body;
        try
        {
            var report = await LocalizationQueries.RunAsync(http.RequestServices, store, ParseQuery(http.Request.Query, today), http.RequestAborted).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await using (var writer = new StreamWriter(buffer, new UTF8Encoding(false), 16 * 1024, leaveOpen: true))
            {
                await write(report, writer, http.RequestAborted).ConfigureAwait(false);
            }
            body = buffer.ToArray();
        }
        catch (Exception ex) when (ex is ApiException or ReportArgumentException)
        {
            var code = ex is ApiException api ? api.Code : ErrorCodes.BadUserInput;
            http.Response.StatusCode = code == ErrorCodes.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;
            await http.Response.WriteAsJsonAsync(new { errors = new[] { new { message = ex.Message, extensions = new { code } } } }, http.RequestAborted).ConfigureAwait(false);
            return;
        }
        WriteHeaders(http, stem, key is null ? null : "MISS");
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
        if (key is not null)
        {
            await cache.SetAsync(key, body.Length <= cache.Options.MaximumPayloadBytes ? new CachedResponse(body, 200, stem) : null, http.RequestAborted).ConfigureAwait(false);
        }
    }

    private static void WriteHeaders(HttpContext http, string stem, string? cache)
    {
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{stem}.csv\"";
        if (cache is not null)
        {
            http.Response.Headers["X-Cache"] = cache;
        }
    }

    /// <summary>The report's arguments from a query string, with the GraphQL field's defaults.</summary>
    public static LocalizationQuery ParseQuery(IQueryCollection q, DateOnly today)
    {
        string? Text(string name) => q[name].Count == 0 || string.IsNullOrWhiteSpace(q[name]) ? null : q[name].ToString();
        bool? country = Text("country") is null ? null : Parse(q["country"], "country", false, s => bool.TryParse(s, out var b) ? b : (bool?)null, "true or false");
        return new LocalizationQuery
        {
            Scope = new FirmScope { Park = Text("park"), Province = Text("province"), Region = Text("region"), Corridor = Text("corridor"), Country = country },
            SectorCode = Text("sectorCode"),
            Level = Parse(q["level"], "level", SectorLevel.Division,
                s => Enum.TryParse<SectorLevel>(s, ignoreCase: true, out var l) && Enum.IsDefined(l) && !s.All(char.IsAsciiDigit) ? l : (SectorLevel?)null, "SECTION, DIVISION, GROUP, CLASS or SUBCLASS"),
            AsOf = Parse(q["asOf"], "asOf", today, s => DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null, "a date yyyy-MM-dd"),
            Threshold = Parse(q["threshold"], "threshold", 0.3, ParseDouble, "a number"),
            MinValueUsd = Parse(q["minValueUsd"], "minValueUsd", 0.0, ParseDouble, "a number"),
        };
    }

    private static double? ParseDouble(string s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null;

    private static T Parse<T>(Microsoft.Extensions.Primitives.StringValues value, string name, T fallback, Func<string, T?> parse, string expected)
        where T : struct
    {
        if (value.Count == 0 || string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }
        return parse(value.ToString().Trim()) is { } parsed ? parsed : throw new ReportArgumentException($"{name} must be {expected} (got '{value}').");
    }
}
