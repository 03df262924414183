namespace Ecosystem.Benchmarks;

/// <summary>
/// HTTP clients for the benchmarks that call a running API. Values are for analysts: start the API with an analyst's
/// key (Auth__ApiKeys__0__Role=analyst, Auth__ApiKeys__0__Sha256=...) and give the key in ECOSYSTEM_API_KEY.
/// </summary>
public static class BenchmarkHttp
{
    public static HttpClient Client(string api, TimeSpan? timeout = null, HttpMessageHandler? handler = null)
    {
        var client = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: true) { BaseAddress = new Uri(api), Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        if (Environment.GetEnvironmentVariable("ECOSYSTEM_API_KEY") is { Length: > 0 } key)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }
        return client;
    }
}
