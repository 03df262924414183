using Ecosystem.Api.Errors;
using Ecosystem.Graph.Data;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;
using Ecosystem.Graph.Store.Neo4j;
using Ecosystem.Api.Observability;
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
            .Validate(o => o.Kind is "Embedded" or "Neo4j", "Store:Kind must be Embedded or Neo4j")
            .ValidateOnStart();
        if (builder.Configuration[$"{EmbeddedStoreOptions.Section}:Kind"] == "Neo4j")
        {
            return builder.AddNeo4jStore();
        }
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
            return InstrumentedGraphStore.Wrap(store, sp.GetRequiredService<EcosystemTelemetry>());
        });
        return builder;
    }

    /// <summary>
    /// The graph in Neo4j (Store:Kind=Neo4j): settings from section "Neo4j" (Url, Database, User and Password or Token),
    /// checked at start with a message naming what is wrong (never a secret). The database is used as it is: load it with
    /// the seed command (`--target neo4j`).
    /// </summary>
    private static WebApplicationBuilder AddNeo4jStore(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<Neo4jOptions>().BindConfiguration(Neo4jOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<Neo4jOptions>, Neo4jOptionsValidator>();
        builder.Services.AddHttpClient(Neo4jOptions.Section);
        builder.Services.AddSingleton<IGraphStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<Neo4jOptions>>().Value;
            sp.GetRequiredService<ILogger<Neo4jGraphStore>>().LogInformation("Graph store: Neo4j at {Neo4j}", options.ToString());
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(Neo4jOptions.Section);
            return InstrumentedGraphStore.Wrap(new Neo4jGraphStore(new Neo4jQueryClient(http, options)), sp.GetRequiredService<EcosystemTelemetry>());
        });
        return builder;
    }

    private sealed class Neo4jOptionsValidator : IValidateOptions<Neo4jOptions>
    {
        public ValidateOptionsResult Validate(string? name, Neo4jOptions options) =>
            options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }

    /// <summary>Any endpoint whose store is unavailable answers 503 with Retry-After and a JSON error, never a stack trace.</summary>
    public static WebApplication UseStoreAvailability(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            try
            {
                await next(http);
            }
            catch (StoreUnavailableException e) when (!http.Response.HasStarted)
            {
                app.Logger.LogWarning("Store unavailable at {Path}: {Cause}", http.Request.Path, e.InnerException?.Message ?? e.Message);
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(e.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ErrorResponses.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, ErrorCodes.StoreUnavailable, e.Message);
            }
        });
        return app;
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
