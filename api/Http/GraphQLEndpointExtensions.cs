using Ecosystem.Api.Auth;
using Ecosystem.Api.Caching;
using Ecosystem.Api.Errors;
using Ecosystem.Api.Limits;
using Ecosystem.Api.PersistedQueries;
using Ecosystem.Api.Provinces;
using Ecosystem.Api.Schema;
using System.Text.Encodings.Web;
using GraphQL;

namespace Ecosystem.Api.Http;

public static class GraphQLEndpointExtensions
{
    public const string Path = "/graphql";

    /// <summary>The schema, its executer and serializer, the request limits (GraphQL:Limits) and the HTTP handler.</summary>
    public static WebApplicationBuilder AddEcosystemGraphQL(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LimitOptions>()
            .BindConfiguration(LimitOptions.Section)
            .Validate(o => o.MaxDepth > 0 && o.MaxComplexity > 0 && o.MaxPageSize > 0 && o.DefaultPageSize > 0
                && o.DefaultPageSize <= o.MaxPageSize && o.MaxAliases >= 0 && o.TimeoutMs > 0 && o.MaxBodyBytes > 0,
                "GraphQL:Limits values must be positive, with DefaultPageSize at most MaxPageSize")
            .ValidateOnStart();
        builder.Services.AddOptions<PersistedDocumentOptions>().BindConfiguration(PersistedDocumentOptions.Section);
        // The disclosure rules for aggregates shown to callers without the analyst role (section "Disclosure").
        var disclosure = builder.Configuration.GetSection("Disclosure").Get<Graph.Store.DisclosureRules>() ?? new Graph.Store.DisclosureRules();
        if (disclosure.MinLeadFirms < 1 || disclosure.MinSuppliers < 1 || !(disclosure.MaxDominance is > 0 and <= 1)
            || !(disclosure.NoiseMin > 0 && disclosure.NoiseMin <= disclosure.NoiseMax && disclosure.NoiseMax < 1))
        {
            throw new InvalidOperationException("Disclosure: MinLeadFirms and MinSuppliers must be at least 1, MaxDominance in (0, 1], 0 < NoiseMin <= NoiseMax < 1.");
        }
        builder.Services.AddSingleton(disclosure);
        Localization.PublicationNoise.Validate(builder.Configuration);
        builder.Services.AddSingleton<Localization.PublicationNoise>();
        var documents = builder.Configuration.GetSection(PersistedDocumentOptions.Section).Get<PersistedDocumentOptions>() ?? new PersistedDocumentOptions();
        TrustedDocuments? trusted = null;
        if (documents.File is { Length: > 0 } file)
        {
            trusted = new TrustedDocuments(System.IO.Path.Combine(builder.Environment.ContentRootPath, file));
            builder.Services.AddSingleton(trusted);
        }
        else if (documents.TrustedOnly)
        {
            throw new InvalidOperationException("PersistedDocuments:TrustedOnly needs PersistedDocuments:File, the file of known documents.");
        }
        builder.Services.AddGraphQL(b =>
        {
            b.AddSchema<EcosystemSchema>()
                .AddGraphTypes(typeof(EcosystemSchema).Assembly)
                .AddErrorInfoProvider<EcosystemErrorInfoProvider>()
                // Fields marked Restricted answer only callers with the role (FORBIDDEN on the field's path otherwise).
                .AddSchemaVisitor<RestrictedFieldVisitor>()
                .AddSystemTextJson(o => o.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
            if (trusted is not null)
            {
                // GraphQL.NET's persisted documents: a request may name a known document by id; in trusted-only mode nothing else runs.
                b.UsePersistedDocuments(o =>
                {
                    o.AllowOnlyPersistedDocuments = documents.TrustedOnly;
                    o.GetQueryDelegate = (options, prefix, payload) => trusted.GetQueryAsync(prefix, payload, options.CancellationToken);
                });
            }
        });
        builder.AddEcosystemCaching();
        builder.Services.AddSingleton<AutomaticPersistedQueries>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DocumentCache>();
        builder.Services.AddSingleton<ProvinceCatalog>();
        builder.Services.AddSingleton<Places.ProvinceMapCache>();
        builder.Services.AddSingleton<Ecosystem.Graph.Data.Editing.GraphEditor>();
        builder.Services.AddSingleton<GraphQLRequestReader>();
        builder.Services.AddSingleton<DocumentResolver>();
        builder.Services.AddSingleton<GraphQLExecutor>();
        builder.Services.AddSingleton<GraphQLHttpCaching>();
        builder.Services.AddSingleton<GraphQLResultWriter>();
        builder.Services.AddSingleton<GraphQLHttpHandler>();
        return builder;
    }

    /// <summary>GraphQL over HTTP at /graphql (GraphiQL for browsers), with GraphiQL's files from wwwroot/lib.</summary>
    public static WebApplication MapEcosystemGraphQL(this WebApplication app)
    {
        // Build the schema now, so a schema error stops the start instead of the first request.
        app.Services.GetRequiredService<EcosystemSchema>().Initialize();
        app.UseStaticFiles();
        var handler = app.Services.GetRequiredService<GraphQLHttpHandler>();
        // The same address takes WebSockets (graphql-transport-ws) for subscriptions.
        app.UseWebSockets();
        var sockets = app.Services.GetRequiredService<Subscriptions.GraphQLWebSockets>();
        // And event streams (graphql-sse, distinct connections) for a request that accepts text/event-stream.
        var events = app.Services.GetRequiredService<Subscriptions.GraphQLServerSentEvents>();
        app.Map(Path, http => http.WebSockets.IsWebSocketRequest ? sockets.HandleAsync(http)
            : Subscriptions.GraphQLServerSentEvents.Wants(http) ? events.HandleAsync(http)
            : handler.HandleAsync(http));
        app.MapMetrics();
        return app;
    }
}
