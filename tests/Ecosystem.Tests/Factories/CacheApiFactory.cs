namespace Ecosystem.Tests.Api;

/// <summary>The API with settings of its own and, for replicas, a store folder shared with other factories.</summary>
public sealed class CacheApiFactory(IReadOnlyDictionary<string, string>? settings = null, string? sharedDataDir = null) : EcosystemApiFactory
{
    protected override IReadOnlyDictionary<string, string> Settings => settings ?? new Dictionary<string, string>();

    protected override string DataDir => sharedDataDir ?? base.DataDir;

    /// <summary>Sends a request and returns the response (the caller disposes it).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using var client = CreateClient();
        return await client.SendAsync(request);
    }

    public async Task<string> LeadAsync() =>
        (await DataAsync("{ firms(first: 1, where: { role: [LEAD_FIRM] }) { nodes { id } } }"))["firms"]!["nodes"]![0]!["id"]!.GetValue<string>();

    public const string ChainQuery = "query($id: ID!) { supplyChain(firmId: $id, maxDepth: 3) { firmCount linkCount byCountry { country valueUsd } } }";

    /// <summary>The supply chain of a firm over POST: the body and the X-Cache header (HIT-L1, HIT-L2 or MISS).</summary>
    public async Task<(string Body, string? Cache)> ChainAsync(string firmId, string query = ChainQuery)
    {
        using var response = await SendAsync(Post(query, new { id = firmId }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return (body, response.Headers.TryGetValues("X-Cache", out var values) ? values.Single() : null);
    }

    public async Task<string> MetricsAsync()
    {
        // The metrics answer admins (or a separate port, Metrics:Url).
        using var client = ClientAs(Ecosystem.Api.Auth.Role.Admin);
        return await client.GetStringAsync("/metrics");
    }
}
