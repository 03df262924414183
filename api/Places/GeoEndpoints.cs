using Ecosystem.Graph.Data;
using Ecosystem.Graph.Rules;
using Microsoft.Net.Http.Headers;

namespace Ecosystem.Api.Places;

/// <summary>
/// The province boundaries of both maps as GeoJSON, from the files shipped with the reference data (seed/data/geo): the
/// explorer's map draws them, with nothing fetched from elsewhere. Cached by clients and validated by ETag.
/// </summary>
public static class GeoEndpoints
{
    public static WebApplication MapGeo(this WebApplication app)
    {
        Serve(app, ProvinceMapQueries.BoundariesPath(formerMap: false), ProvinceBoundaries.Current2025File);
        Serve(app, ProvinceMapQueries.BoundariesPath(formerMap: true), ProvinceBoundaries.Pre2025File);
        return app;
    }

    private static void Serve(WebApplication app, string route, string file)
    {
        var path = Path.Combine(ReferenceData.DefaultDirectory, file);
        app.MapGet(route, (HttpContext http) =>
        {
            if (!File.Exists(path))
            {
                return Results.Problem($"The boundary file {file} is not in the reference data.", statusCode: StatusCodes.Status404NotFound);
            }
            var info = new FileInfo(path);
            var tag = new EntityTagHeaderValue($"\"{info.Length:x}-{info.LastWriteTimeUtc.Ticks:x}\"");
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.File(path, "application/geo+json", entityTag: tag, lastModified: info.LastWriteTimeUtc);
        });
    }
}
