using Ecosystem.Graph.Rules;
using Ecosystem.Api.Auth;
using Ecosystem.Api.Errors;
using Ecosystem.Graph.Data.Import;
using Ecosystem.Graph.Store;
using Microsoft.AspNetCore.Http.Features;

namespace Ecosystem.Api.Import;

/// <summary>
/// The seed import for a running API: POST /import as multipart/form-data with any of the files firms, links,
/// sources, capabilities and sourcing; ?dryRun=true only checks. ?match=true matches firm rows without an id (and links'
/// ends given by name) against the graph, as `seed import --match`: the report's "match" lists every decision and the
/// rows held back for review (nothing of them is written); ?format=open-supply-hub reads the firms file as an Open Supply
/// Hub download; ?source= names the sources of rows that cite none. The same code as `seed import`; the API serves the
/// new graph version at once.
/// Admins only (401 without a credential, 403 with a lower role).
/// </summary>
public static class ImportEndpoints
{
    /// <summary>Import files are large (a million links is about 100 MB): the request limit here is higher than GraphQL's.</summary>
    public const long MaxImportBytes = 1L << 30;

    public static WebApplication MapImport(this WebApplication app)
    {
        app.MapPost("/import", async (HttpContext http, IGraphStore store, TimeProvider time, Reconcile.FirmMatcherCache matchers) =>
        {
            if (!http.User.Has(Role.Admin))
            {
                await RestrictedFields.RefuseAsync(http, Role.Admin).ConfigureAwait(false);
                return Results.Empty;
            }
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxImportBytes;
            }
            if (!http.Request.HasFormContentType)
            {
                return ErrorResponses.Result(Refusal.UnsupportedMediaType("Send multipart/form-data with any of the files firms, links, sources, capabilities, sourcing."));
            }
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            string[] parts = ["firms", "links", "sources", "capabilities", "sourcing"];
            if (!parts.Any(p => form.Files[p] is not null))
            {
                return ErrorResponses.Result(Refusal.BadUserInput("Send at least one of the files firms, links, sources, capabilities, sourcing."));
            }
            var (firms, links, sources, capabilities, sourcing) = (form.Files["firms"], form.Files["links"], form.Files["sources"], form.Files["capabilities"], form.Files["sourcing"]);
            using var firmsReader = Reader(firms);
            using var linksReader = Reader(links);
            using var sourcesReader = Reader(sources);
            using var capabilitiesReader = Reader(capabilities);
            using var sourcingReader = Reader(sourcing);
            var dryRun = string.Equals(http.Request.Query["dryRun"], "true", StringComparison.OrdinalIgnoreCase);
            string? format = http.Request.Query["format"];
            if (format is not (null or "csv" or "open-supply-hub"))
            {
                return ErrorResponses.Result(Refusal.BadUserInput("format must be csv or open-supply-hub."));
            }
            var osh = format == "open-supply-hub";
            if (osh && firms is null)
            {
                return ErrorResponses.Result(Refusal.BadUserInput("format=open-supply-hub reads the download sent as the file firms."));
            }
            var match = osh || string.Equals(http.Request.Query["match"], "true", StringComparison.OrdinalIgnoreCase);
            var files = new ImportFiles(firmsReader, Name(firms, "firms.csv"), linksReader, Name(links, "links.csv"), sourcesReader, Name(sources, "sources.csv"))
            {
                Capabilities = capabilitiesReader,
                CapabilitiesName = Name(capabilities, "capabilities.csv"),
                Sourcing = sourcingReader,
                SourcingName = Name(sourcing, "sourcing.csv"),
                Options = new ImportOptions
                {
                    Match = match,
                    FirmsFormat = osh ? FirmsFormat.OpenSupplyHub : FirmsFormat.Csv,
                    Matcher = match ? await matchers.GetAsync(await store.GetVersionAsync(http.RequestAborted), http.RequestAborted) : null,
                    DefaultSources = ((string?)http.Request.Query["source"] ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                },
            };
            var named = string.Join(", ", new[] { firms, links, sources, capabilities, sourcing }.OfType<IFormFile>().Select(f => Name(f, f.Name)));
            var report = await new SupplyImporter(store).ImportAsync(
                files,
                dryRun,
                VietnamTime.Today(time),
                cancellationToken: http.RequestAborted,
                audit: new AuditInfo(Roles.Actor(http.User), "import", time.GetUtcNow(), $"{named} over HTTP"));
            return report.Errors.Count > 0
                ? Results.Json(report, statusCode: StatusCodes.Status400BadRequest)
                : Results.Json(report);
        }).DisableAntiforgery();
        return app;
    }

    private static string Name(IFormFile? file, string fallback) => file is null || string.IsNullOrWhiteSpace(file.FileName) ? fallback : Path.GetFileName(file.FileName);

    private static StreamReader? Reader(IFormFile? file) => file is null ? null : new StreamReader(file.OpenReadStream());
}
