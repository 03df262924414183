namespace Ecosystem.Api.Explorer;

/// <summary>
/// The explorer at <c>/</c>: a page and its bundle in wwwroot/explorer, built from api/explorer-app at build time. It uses
/// the public API only (/graphql, /export), so it is also the reference client.
/// </summary>
public static class ExplorerEndpoints
{
    public static WebApplication MapExplorer(this WebApplication app)
    {
        var page = Path.Combine(app.Environment.WebRootPath ?? Path.Combine(app.Environment.ContentRootPath, "wwwroot"), "explorer", "index.html");
        app.MapGet("/", (HttpContext http) =>
        {
            if (!File.Exists(page))
            {
                return Results.Text("The explorer is not built: build the api project (it runs npm in api/explorer-app).", statusCode: StatusCodes.Status404NotFound);
            }
            http.Response.Headers.CacheControl = "no-cache";
            return Results.File(page, "text/html; charset=utf-8");
        });
        return app;
    }
}
