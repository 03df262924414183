using Ecosystem.Graph.Store;

namespace Ecosystem.Api.Health;

public static class HealthEndpoints
{
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" }));
        app.MapGet("/health/ready", async (IGraphStore store, CancellationToken ct) =>
        {
            var stats = await store.GetStatsAsync(ct);
            return Results.Ok(new { status = "ready", version = stats.Version, supplyLinks = stats.SupplyLinks });
        });
        return app;
    }
}
