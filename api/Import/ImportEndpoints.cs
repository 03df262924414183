using Ecosystem.Graph.Rules;
using Ecosystem.Api.Auth;
using Ecosystem.Api.Errors;
using Ecosystem.Graph.Data.Import;
using Ecosystem.Graph.Store;
using Microsoft.AspNetCore.Http.Features;

namespace Ecosystem.Api.Import;

/// <summary>
/// The seed import for a running API: POST /import as multipart/form-data with any of the files firms, links,
/// sources, capabilities and sourcing; ?dryRun=true only checks. The same code as `seed import`; the API serves the new
/// graph version at once.
/// Admins only (401 without a credential, 403 with a lower role).
/// </summary>
public static class ImportEndpoints
{
    /// <summary>Import files are large (a million links is about 100 MB): the request limit here is higher than GraphQL's.</summary>
    public const long MaxImportBytes = 1L << 30;

    public static WebApplication MapImport(this WebApplication app)
    {
        app.MapPost("/import", async (HttpContext http, IGraphStore store, TimeProvider time) =>
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
            var files = new ImportFiles(firmsReader, Name(firms, "firms.csv"), linksReader, Name(links, "links.csv"), sourcesReader, Name(sources, "sources.csv"))
            {
                Capabilities = capabilitiesReader,
                CapabilitiesName = Name(capabilities, "capabilities.csv"),
                Sourcing = sourcingReader,
                SourcingName = Name(sourcing, "sourcing.csv"),
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
