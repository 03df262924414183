using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Ecosystem.Api.Observability;

/// <summary>
/// Traces and metrics of the API's own work: a span per GraphQL request (operation type and name, status, cache
/// outcome) and per store call (the operation), with duration histograms on the meters Ecosystem.GraphQL and
/// Ecosystem.Store. OpenTelemetry exports them (OTLP when configured); /metrics shows the totals as Prometheus text.
/// </summary>
public sealed class EcosystemTelemetry : IDisposable
{
    public const string GraphQLName = "Ecosystem.GraphQL";
    public const string StoreName = "Ecosystem.Store";

    public static readonly ActivitySource GraphQLSource = new(GraphQLName);
    public static readonly ActivitySource StoreSource = new(StoreName);

    private readonly Meter _graphqlMeter;
    private readonly Meter _storeMeter;
    private readonly Histogram<double> _requestDuration;
    private readonly Histogram<double> _storeDuration;
    private readonly ConcurrentDictionary<string, Totals> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Totals> _storeCalls = new(StringComparer.Ordinal);

    public EcosystemTelemetry(IMeterFactory meters)
    {
        _graphqlMeter = meters.Create(GraphQLName);
        _storeMeter = meters.Create(StoreName);
        _requestDuration = _graphqlMeter.CreateHistogram<double>("ecosystem.graphql.request.duration", unit: "ms", description: "GraphQL requests, by operation type and HTTP status");
        _storeDuration = _storeMeter.CreateHistogram<double>("ecosystem.store.call.duration", unit: "ms", description: "Graph store calls, by operation and outcome");
    }

    private sealed class Totals
    {
        public long Count;
        public long Failed;
        public double SumMs;
    }

    public void RecordRequest(string operationType, int status, double ms)
    {
        _requestDuration.Record(ms, new KeyValuePair<string, object?>("graphql.operation.type", operationType), new KeyValuePair<string, object?>("http.response.status_code", status));
        Add(_requests, operationType, ms, status >= 500);
    }

    public void RecordStoreCall(string operation, bool failed, double ms)
    {
        _storeDuration.Record(ms, new KeyValuePair<string, object?>("store.operation", operation), new KeyValuePair<string, object?>("outcome", failed ? "error" : "ok"));
        Add(_storeCalls, operation, ms, failed);
    }

    private static void Add(ConcurrentDictionary<string, Totals> totals, string key, double ms, bool failed)
    {
        var t = totals.GetOrAdd(key, _ => new Totals());
        lock (t)
        {
            t.Count++;
            t.SumMs += ms;
            if (failed)
            {
                t.Failed++;
            }
        }
    }

    /// <summary>The totals as Prometheus text (counts, failures and seconds spent), for /metrics.</summary>
    public string ToPrometheusText()
    {
        var text = new StringBuilder();
        void Write(string name, string help, string label, ConcurrentDictionary<string, Totals> totals)
        {
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name}_total {help}\n# TYPE {name}_total counter\n");
            var rows = totals.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => { lock (p.Value) { return (p.Key, p.Value.Count, p.Value.Failed, p.Value.SumMs); } }).ToList();
            foreach (var (key, count, _, _) in rows)
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}_total{{{label}=\"{key}\"}} {count}\n");
            }
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name}_failed_total Those that failed.\n# TYPE {name}_failed_total counter\n");
            foreach (var (key, _, failed, _) in rows)
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}_failed_total{{{label}=\"{key}\"}} {failed}\n");
            }
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name}_seconds_total Time spent in them.\n# TYPE {name}_seconds_total counter\n");
            foreach (var (key, _, _, sum) in rows)
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}_seconds_total{{{label}=\"{key}\"}} {sum / 1000:0.######}\n");
            }
        }
        Write("ecosystem_graphql_requests", "GraphQL requests by operation type.", "operation_type", _requests);
        Write("ecosystem_store_calls", "Graph store calls by operation.", "operation", _storeCalls);
        return text.ToString();
    }

    public void Dispose()
    {
        _graphqlMeter.Dispose();
        _storeMeter.Dispose();
    }
}
