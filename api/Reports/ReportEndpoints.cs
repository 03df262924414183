using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Analysis;
using Ecosystem.Api.Auth;
using System.Globalization;
using System.Text;
using Ecosystem.Api.Downloads;
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
/// country=true. The inputs to anyone, as the disclosure rules publish them for a caller below the analyst role (the
/// same values as the GraphQL report gives that caller); the candidates to analysts only (they rank the gaps, which are
/// worked out from values): 401 without a credential, 403 with a lower role.
/// </summary>
public static class ReportEndpoints
{
    public static WebApplication MapReports(this WebApplication app)
    {
        app.MapGet("/reports/localization.csv", (HttpContext http, IGraphStore store, TimeProvider time, DownloadService downloads) =>
            ServeAsync(http, store, time, downloads, "localization", published: true,
                (report, verdicts, writer, ct) => LocalizationCsv.WriteInputsAsync(store, report, writer, ct, verdicts)));
        app.MapGet("/reports/localization-candidates.csv", (HttpContext http, IGraphStore store, TimeProvider time, DownloadService downloads) =>
        {
            int first;
            try
            {
                first = Parse(http.Request.Query["first"], "first", 10, s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 1000 ? n : (int?)null, "a whole number from 0 to 1000");
            }
            catch (DownloadRefusedException refused)
            {
                return ErrorResponses.WriteAsync(http, refused.Error);
            }
            return ServeAsync(http, store, time, downloads, "localization-candidates", published: false,
                (report, _, writer, ct) => LocalizationCsv.WriteCandidatesAsync(store, report, first, writer, ct));
        });
        return app;
    }

    /// <summary>
    /// A report through the download flow: for analysts with every value; when <paramref name="published"/>, for
    /// anyone else with the disclosure verdicts a caller below the analyst role gets (cached apart); else analysts only.
    /// </summary>
    private static Task ServeAsync(
        HttpContext http, IGraphStore store, TimeProvider time, DownloadService downloads, string stem, bool published,
        Func<LocalizationReport, DisclosureVerdicts?, TextWriter, CancellationToken, Task> write)
    {
        var analyst = http.User.Has(Role.Analyst);
        if (!analyst && !published)
        {
            return RestrictedFields.RefuseAsync(http, Role.Analyst);
        }
        return downloads.ServeAsync(http, analyst ? "values" : "published", async ct =>
        {
            LocalizationReport report;
            DisclosureVerdicts? verdicts = null;
            try
            {
                var version = await store.GetVersionAsync(ct).ConfigureAwait(false);
                var provinces = await http.RequestServices.GetRequiredService<ProvinceCatalog>().GetAsync(version, ct).ConfigureAwait(false);
                report = await LocalizationQueries.RunAsync(provinces, store, ParseQuery(http.Request.Query, VietnamTime.Today(time)), ct).ConfigureAwait(false);
                if (!analyst)
                {
                    verdicts = await LocalizationDisclosure.AssessAsync(store, report.Request, http.RequestServices.GetRequiredService<DisclosureRules>(), provinces, ct,
                        http.RequestServices.GetRequiredService<Places.ProvinceMapCache>().Of(version, provinces)).ConfigureAwait(false);
                }
            }
            catch (ApiException ex)
            {
                throw new DownloadRefusedException(ex.Code == ErrorCodes.NotFound ? Refusal.NotFound(ex.Message) : new Refusal(StatusCodes.Status400BadRequest, ex.Code, ex.Message));
            }
            return new Download("text/csv", $"{stem}.csv", new Dictionary<string, string>(), async (stream, token) =>
            {
                await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 16 * 1024, leaveOpen: true);
                await write(report, verdicts, writer, token).ConfigureAwait(false);
            });
        });
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
        return parse(value.ToString().Trim()) is { } parsed ? parsed : throw new DownloadRefusedException(Refusal.BadUserInput($"{name} must be {expected} (got '{value}')."));
    }
}
