using Ecosystem.Graph.Data;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;
using Microsoft.Extensions.Options;

namespace Ecosystem.Api.Store;

public static class GraphStoreExtensions
{
    /// <summary>
    /// The embedded store in Store:DataDir (environment Store__DataDir, default ./data), opened once at start; an empty
    /// folder is loaded with the reference data first.
    /// </summary>
    public static WebApplicationBuilder AddGraphStore(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmbeddedStoreOptions>()
            .BindConfiguration(EmbeddedStoreOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDir), "Store:DataDir must not be empty")
            .ValidateOnStart();
        builder.Services.AddSingleton<IGraphStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmbeddedStoreOptions>>().Value;
            var logger = sp.GetRequiredService<ILogger<EmbeddedGraphStore>>();
            var store = EmbeddedGraphStore.OpenAsync(options.DataDir).GetAwaiter().GetResult();
            var stats = store.GetStatsAsync().GetAwaiter().GetResult();
            if (stats.Nodes.Values.Sum() == 0)
            {
                var result = store.ApplyAsync(ReferenceData.Load()).GetAwaiter().GetResult();
                logger.LogInformation("Loaded the reference data into {Path}: {Nodes} nodes, version {Version}", store.FilePath, result.NodesWritten, result.Version);
            }
            else
            {
                logger.LogInformation("Opened {Path}: version {Version}, {Links} supply links", store.FilePath, stats.Version, stats.SupplyLinks);
            }
            return store;
        });
        return builder;
    }

    /// <summary>Opens the store (and loads an empty one) before the first request, so start-up problems show at start.</summary>
    public static WebApplication OpenGraphStore(this WebApplication app)
    {
        app.Services.GetRequiredService<IGraphStore>();
        return app;
    }
}
