using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry.Trace;

namespace Ecosystem.Tests.Api;

public sealed class TelemetryTests(TracedApiFactory api) : IClassFixture<TracedApiFactory>
{
    [Fact]
    public async Task A_GraphQL_request_is_a_span_with_its_operation_and_the_store_calls_under_it_and_metrics_count_them()
    {
        var lead = (await api.DataAsync("{ firms(first: 1, where: { role: [LEAD_FIRM] }) { nodes { id } } }"))["firms"]!["nodes"]![0]!["id"]!.GetValue<string>();
        await api.DataAsync("query Chain($id: ID!) { supplyChain(firmId: $id, maxDepth: 2) { firmCount } }", new { id = lead });
        Activity? request = null;
        for (var i = 0; i < 50 && request is null; i++)
        {
            lock (api.Spans)
            {
                request = api.Spans.FirstOrDefault(s => s.DisplayName == "graphql query Chain");
            }
            await Task.Delay(50);
        }
        Assert.NotNull(request);
        Assert.Equal("query", request.GetTagItem("graphql.operation.type"));
        Assert.Equal(200, request.GetTagItem("http.response.status_code"));
        List<Activity> trace;
        lock (api.Spans)
        {
            trace = [.. api.Spans.Where(s => s.TraceId == request.TraceId)];
        }
        // The version is read under the request; the walk under the execution the result cache ran for it.
        var execute = Assert.Single(trace, s => s.DisplayName == "graphql execute");
        Assert.Equal(request.SpanId, execute.ParentSpanId);
        Assert.Contains(trace, s => s.DisplayName == "store GetVersionAsync" && s.ParentSpanId == request.SpanId);
        Assert.Contains(trace, s => s.DisplayName == "store TraverseAsync" && s.ParentSpanId == execute.SpanId);
        Assert.Contains(trace, s => s.DisplayName == "store GetNodesAsync" && s.ParentSpanId == execute.SpanId);

        using var client = api.ClientAs(Ecosystem.Api.Auth.Role.Admin);
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Matches("ecosystem_graphql_requests_total\\{operation_type=\"query\"\\} [1-9]", metrics);
        Assert.Matches("ecosystem_store_calls_total\\{operation=\"TraverseAsync\"\\} [1-9]", metrics);
    }
}
