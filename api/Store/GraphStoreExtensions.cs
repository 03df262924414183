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
            .Validate(o => o.FoldNodes > 0 && o.FoldLinkEntries > 0, "Store:FoldNodes and Store:FoldLinkEntries must be positive")
            .ValidateOnStart();
        if (builder.Configuration[$"{EmbeddedStoreOptions.Section}:Kind"] == "Neo4j")
        {
            return builder.AddNeo4jStore();
        }
        builder.Services.AddOptions<DemoDataOptions>()
            .BindConfiguration(DemoDataOptions.Section)
            .Validate(o => o.Firms is 0 or (>= 100 and <= 1_000_000), "DemoData:Firms must be 0 or between 100 and 1,000,000")
            .ValidateOnStart();
        // Opened (and loaded when empty) by OpenGraphStoreAsync before the app serves anything.
        builder.Services.AddSingleton<OpenedStore>();
        builder.Services.AddSingleton<IGraphStore>(sp =>
            sp.GetRequiredService<OpenedStore>().Store ?? throw new InvalidOperationException("The graph store is opened by OpenGraphStoreAsync before the app runs."));
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
            var logger = sp.GetRequiredService<ILogger<Neo4jGraphStore>>();
            var where = options.ToString();
            Log.Neo4jStore(logger, where);
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(Neo4jOptions.Section);
            return InstrumentedGraphStore.Wrap(new Neo4jGraphStore(new Neo4jQueryClient(http, options)), sp.GetRequiredService<EcosystemTelemetry>(), sp.GetRequiredService<CommitSignal>());
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
                Log.StoreUnavailableAt(app.Logger, http.Request.Path.Value, e.InnerException?.Message ?? e.Message);
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(e.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ErrorResponses.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, ErrorCodes.StoreUnavailable, e.Message);
            }
        });
        return app;
    }

    private static async Task SeedAsync(EmbeddedGraphStore store, DemoDataOptions demo, ILogger logger)
    {
        var reference = ReferenceData.Load();
        var result = await store.ApplyAsync(reference).ConfigureAwait(false);
        Log.ReferenceLoaded(logger, store.FilePath, result.NodesWritten, result.Version);
        if (demo.Firms > 0)
        {
            var network = new SyntheticNetwork { FirmCount = demo.Firms, Seed = demo.Seed };
            var synthetic = await store.ApplyAsync(network.Generate(reference.UpsertNodes)).ConfigureAwait(false);
            Log.DemoLoaded(logger, demo.Seed, demo.Firms, synthetic.LinksWritten, synthetic.Version);
        }
    }

    /// <summary>The embedded store once opened; the IGraphStore registration hands it out.</summary>
    private sealed class OpenedStore
    {
        public IGraphStore? Store { get; set; }
    }

    private static async Task OpenEmbeddedAsync(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<EmbeddedStoreOptions>>().Value;
        var demo = services.GetRequiredService<IOptions<DemoDataOptions>>().Value;
        var logger = services.GetRequiredService<ILogger<EmbeddedGraphStore>>();
        var store = await EmbeddedGraphStore.OpenAsync(options.DataDir).ConfigureAwait(false);
        store.Folding = new FoldPolicy(options.FoldNodes, options.FoldLinkEntries);
        store.Folded += r => Log.StoreFolded(logger, r.FromVersion, r.ToVersion, r.TouchedNodes, r.LinkEntries, (long)r.Build.TotalMilliseconds, r.Pause.TotalMilliseconds, r.Replayed);
        var stats = await store.GetStatsAsync().ConfigureAwait(false);
        if (stats.Nodes.Values.Sum() == 0)
        {
            await SeedAsync(store, demo, logger).ConfigureAwait(false);
        }
        else
        {
            Log.StoreOpened(logger, store.FilePath, stats.Version, stats.SupplyLinks);
        }
        services.GetRequiredService<OpenedStore>().Store = InstrumentedGraphStore.Wrap(store, services.GetRequiredService<EcosystemTelemetry>(), services.GetRequiredService<CommitSignal>());
    }

    /// <summary>Opens the store (and loads an empty one) before the first request, so start-up problems show at start.</summary>
    public static async Task<WebApplication> OpenGraphStoreAsync(this WebApplication app)
    {
        if (app.Services.GetService<OpenedStore>() is not null)
        {
            await OpenEmbeddedAsync(app.Services).ConfigureAwait(false);
        }
        app.Services.GetRequiredService<IGraphStore>();
        var urls = app.Urls.Count > 0 ? string.Join(", ", app.Urls) : app.Configuration["urls"] ?? "http://localhost:5080";
        var first = urls.Split(',')[0].Trim().TrimEnd('/');
        app.Lifetime.ApplicationStarted.Register(() => Log.Listening(app.Logger, first));
        return app;
    }
}
