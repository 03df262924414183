using Ecosystem.Graph.Rules;
using Ecosystem.Api.Auth;
using Ecosystem.Api.Errors;
using Ecosystem.Graph.Data.Import;
using Ecosystem.Graph.Store;
using Microsoft.AspNetCore.Http.Features;

namespace Ecosystem.Api.Import;

/// <summary>
/// The seed import for a running API: POST /import as multipart/form-data with the files firms, links and (optionally)
/// sources; ?dryRun=true only checks. The same code as `seed import`; the API serves the new graph version at once.
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
                return ErrorResponses.Result(Refusal.UnsupportedMediaType("Send multipart/form-data with the files firms, links and optionally sources."));
            }
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            if (form.Files["firms"] is not { } firms || form.Files["links"] is not { } links)
            {
                return ErrorResponses.Result(Refusal.BadUserInput("The files firms and links are required."));
            }
            var sources = form.Files["sources"];
            using var firmsReader = new StreamReader(firms.OpenReadStream());
            using var linksReader = new StreamReader(links.OpenReadStream());
            using var sourcesReader = sources is null ? null : new StreamReader(sources.OpenReadStream());
            var dryRun = string.Equals(http.Request.Query["dryRun"], "true", StringComparison.OrdinalIgnoreCase);
            var files = new ImportFiles(firmsReader, Name(firms, "firms.csv"), linksReader, Name(links, "links.csv"), sourcesReader, sources is null ? "sources.csv" : Name(sources, "sources.csv"));
            var report = await new SupplyImporter(store).ImportAsync(
                files,
                dryRun,
                VietnamTime.Today(time),
                cancellationToken: http.RequestAborted,
                audit: new AuditInfo(Roles.Actor(http.User), "import", time.GetUtcNow(), $"{files.FirmsName}, {files.LinksName}{(sources is null ? "" : ", " + files.SourcesName)} over HTTP"));
            return report.Errors.Count > 0
                ? Results.Json(report, statusCode: StatusCodes.Status400BadRequest)
                : Results.Json(report);
        }).DisableAntiforgery();
        return app;
    }

    private static string Name(IFormFile file, string fallback) => string.IsNullOrWhiteSpace(file.FileName) ? fallback : Path.GetFileName(file.FileName);
}
