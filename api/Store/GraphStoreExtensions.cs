using Ecosystem.Graph.Data;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;
using Microsoft.Extensions.Options;

namespace Ecosystem.Api.Store;

/// <summary>The demo supply network loaded into an empty store (section "DemoData"); synthetic, and labelled so.</summary>
public sealed class DemoDataOptions
{
    public const string Section = "DemoData";

    /// <summary>Synthetic firms to generate on first start; 0 loads the reference data only.</summary>
    public int Firms { get; set; } = 5_000;

    public int Seed { get; set; } = 1;
}

public static class GraphStoreExtensions
{
    /// <summary>
    /// The embedded store in Store:DataDir (environment Store__DataDir, default ./data), opened once at start. An empty
    /// folder is loaded first with the reference data and a deterministic synthetic demo network (DemoData:Firms firms).
    /// </summary>
    public static WebApplicationBuilder AddGraphStore(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmbeddedStoreOptions>()
            .BindConfiguration(EmbeddedStoreOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDir), "Store:DataDir must not be empty")
            .ValidateOnStart();
        builder.Services.AddOptions<DemoDataOptions>()
            .BindConfiguration(DemoDataOptions.Section)
            .Validate(o => o.Firms is 0 or (>= 100 and <= 1_000_000), "DemoData:Firms must be 0 or between 100 and 1,000,000")
            .ValidateOnStart();
        builder.Services.AddSingleton<IGraphStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmbeddedStoreOptions>>().Value;
            var demo = sp.GetRequiredService<IOptions<DemoDataOptions>>().Value;
            var logger = sp.GetRequiredService<ILogger<EmbeddedGraphStore>>();
            var store = EmbeddedGraphStore.OpenAsync(options.DataDir).GetAwaiter().GetResult();
            var stats = store.GetStatsAsync().GetAwaiter().GetResult();
            if (stats.Nodes.Values.Sum() == 0)
            {
                Seed(store, demo, logger);
            }
            else
            {
                logger.LogInformation("Opened {Path}: version {Version}, {Links} supply links", store.FilePath, stats.Version, stats.SupplyLinks);
            }
            return store;
        });
        return builder;
    }

    private static void Seed(EmbeddedGraphStore store, DemoDataOptions demo, ILogger logger)
    {
        var reference = ReferenceData.Load();
        var result = store.ApplyAsync(reference).GetAwaiter().GetResult();
        logger.LogInformation("Loaded the reference data into {Path}: {Nodes} nodes, version {Version}", store.FilePath, result.NodesWritten, result.Version);
        if (demo.Firms > 0)
        {
            var network = new SyntheticNetwork { FirmCount = demo.Firms, Seed = demo.Seed };
            var synthetic = store.ApplyAsync(network.Generate(reference.UpsertNodes)).GetAwaiter().GetResult();
            logger.LogInformation("Loaded the synthetic demo network (seed {Seed}, {Firms} firms, labelled synthetic): {Links} supply links, version {Version}",
                demo.Seed, demo.Firms, synthetic.LinksWritten, synthetic.Version);
        }
    }

    /// <summary>Opens the store (and loads an empty one) before the first request, so start-up problems show at start.</summary>
    public static WebApplication OpenGraphStore(this WebApplication app)
    {
        app.Services.GetRequiredService<IGraphStore>();
        var urls = app.Urls.Count > 0 ? string.Join(", ", app.Urls) : app.Configuration["urls"] ?? "http://localhost:5080";
        app.Lifetime.ApplicationStarted.Register(() =>
            app.Logger.LogInformation("GraphQL at {Url}/graphql (GraphiQL in a browser)", urls.Split(',')[0].Trim().TrimEnd('/')));
        return app;
    }
}
