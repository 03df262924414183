using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Ecosystem.Api.Observability;

/// <summary>
/// Correlation ids, structured logs and OpenTelemetry. Every request has a correlation id: the caller's
/// X-Correlation-Id when it is a sane token, else the trace id; it is answered in X-Correlation-Id, is in the scope of
/// every log line of the request, and is what an INTERNAL error names. Traces and metrics (ASP.NET Core, GraphQL,
/// the store, the cache) go to an OTLP collector when OpenTelemetry:OtlpEndpoint (or OTEL_EXPORTER_OTLP_ENDPOINT) is set;
/// without one no span is made.
/// </summary>
public static partial class ObservabilityExtensions
{
    public const string CorrelationHeader = "X-Correlation-Id";
    private const string CorrelationKey = "ecosystem.correlation";

    public static WebApplicationBuilder AddEcosystemObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<EcosystemTelemetry>();
        var endpoint = builder.Configuration["OpenTelemetry:OtlpEndpoint"] ?? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        // Spans cost something on every request: they are made only when something takes them (an OTLP collector, or
        // OpenTelemetry:Enabled=true for an exporter added in code). The /metrics totals are always kept.
        if (endpoint is not { Length: > 0 } && !builder.Configuration.GetValue<bool>("OpenTelemetry:Enabled"))
        {
            return builder;
        }
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("ecosystem-api"))
            .WithTracing(t =>
            {
                t.AddSource(EcosystemTelemetry.GraphQLName, EcosystemTelemetry.StoreName).AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"));
                if (endpoint is { Length: > 0 })
                {
                    t.AddOtlpExporter(o => o.Endpoint = new Uri(endpoint));
                }
            })
            .WithMetrics(m =>
            {
                m.AddMeter(EcosystemTelemetry.GraphQLName, EcosystemTelemetry.StoreName, Caching.CacheMetrics.MeterName).AddAspNetCoreInstrumentation();
                if (endpoint is { Length: > 0 })
                {
                    m.AddOtlpExporter(o => o.Endpoint = new Uri(endpoint));
                }
            });
        return builder;
    }

    /// <summary>The correlation id of the request (set by <see cref="UseCorrelation"/>).</summary>
    public static string CorrelationId(this HttpContext http) =>
        http.Items[CorrelationKey] as string ?? Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;

    public static WebApplication UseCorrelation(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ecosystem.Api.Requests");
        app.Use(async (http, next) =>
        {
            var given = http.Request.Headers[CorrelationHeader].ToString();
            var id = SaneId().IsMatch(given) ? given : Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
            http.Items[CorrelationKey] = id;
            Activity.Current?.SetTag("ecosystem.correlation_id", id);
            http.Response.OnStarting(() =>
            {
                http.Response.Headers[CorrelationHeader] = id;
                return Task.CompletedTask;
            });
            using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
            {
                var started = Stopwatch.GetTimestamp();
                await next(http);
                if (!http.Request.Path.StartsWithSegments("/health"))
                {
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    Log.Request(logger, http.Request.Method, http.Request.Path.Value, http.Response.StatusCode, elapsed);
                }
            }
        });
        return app;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{8,64}$")]
    private static partial Regex SaneId();
}
