using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ecosystem.Api.Auth;
using Ecosystem.Graph.Store;
using Ecosystem.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Tests.Api;

/// <summary>
/// The API over a fresh embedded store in its own folder, loaded as on a first start: the reference data and a
/// synthetic demo network (600 firms here, to keep tests quick). Every store call is counted. One API key per role is
/// configured (<see cref="TestKeys"/>); <see cref="WebApplicationFactory{T}.CreateClient()"/> sends the analyst's (the
/// role that sees every value), <see cref="ClientAs"/> any other, or none.
/// </summary>
public class EcosystemApiFactory : WebApplicationFactory<Program>
{
    private readonly TempDirectory _dir = new();

    public const int DemoFirms = 600;

    /// <summary>Configuration the test needs on top of the defaults (limits, say).</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <summary>Everything the API logged at <see cref="LoggedLevel"/> (warning unless a test says otherwise) or above.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    protected virtual LogLevel LoggedLevel => LogLevel.Warning;

    /// <summary>Whether the test keys of <see cref="TestKeys"/> are configured (without them: anonymous access only).</summary>
    protected virtual bool WithApiKeys => true;

    /// <summary>The API's store (counted: see <see cref="Counter"/>).</summary>
    public IGraphStore Store => Services.GetRequiredService<IGraphStore>();

    /// <summary>The counts of the API's store calls, and the faults and delays a test makes in them.</summary>
    public CountingGraphStore Counter => (CountingGraphStore)(object)Store;

    /// <summary>The store folder: a fresh one of this factory's own, unless a test shares one between factories (replicas).</summary>
    protected virtual string DataDir => _dir.Path;

    /// <summary>The store folder the service runs on.</summary>
    public string DataDirectory => DataDir;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Store:DataDir", DataDir);
        builder.UseSetting("DemoData:Firms", DemoFirms.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("DemoData:Seed", "7");
        // Every request of a test server comes from the same (unknown) address: the tests of rate limits set their own.
        builder.UseSetting("RateLimits:PermitsPerWindow", "0");
        var i = 0;
        foreach (var (role, key) in WithApiKeys ? TestKeys.All : [])
        {
            builder.UseSetting($"Auth:ApiKeys:{i}:Name", $"test-{Roles.Name(role)}");
            builder.UseSetting($"Auth:ApiKeys:{i}:Role", Roles.Name(role));
            builder.UseSetting($"Auth:ApiKeys:{i}:Sha256", Authentication.HashKey(key));
            i++;
        }
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.AddProvider(new ListLoggerProvider(Logs, LoggedLevel)));
        builder.ConfigureTestServices(services =>
        {
            var original = services.Last(d => d.ServiceType == typeof(IGraphStore));
            services.Remove(original);
            services.AddSingleton<IGraphStore>(sp => CountingGraphStore.Wrap((IGraphStore)original.ImplementationFactory!(sp)));
        });
    }

    /// <summary>The role <see cref="WebApplicationFactory{T}.CreateClient()"/> calls with.</summary>
    protected virtual Role ClientRole => Role.Analyst;

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        if (TestKeys.For(ClientRole) is { } key)
        {
            client.DefaultRequestHeaders.Add(Authentication.ApiKeyHeader, key);
        }
    }

    /// <summary>A client that sends the key of this role (none for anonymous).</summary>
    public HttpClient ClientAs(Role role)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Remove(Authentication.ApiKeyHeader);
        if (TestKeys.For(role) is { } key)
        {
            client.DefaultRequestHeaders.Add(Authentication.ApiKeyHeader, key);
        }
        return client;
    }

    /// <summary>POSTs a query and returns the parsed response, failing on any status but 200 (or the given one).</summary>
    public async Task<JsonObject> QueryAsync(string? query, object? variables = null, int expectStatus = 200, object? extensions = null)
    {
        using var client = CreateClient();
        using var response = await client.SendAsync(Post(query, variables, extensions: extensions));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectStatus, $"status {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>POSTs a query with a role's key (anonymous: none) and returns the parsed response, failing on any status but 200.</summary>
    public async Task<JsonObject> QueryAsAsync(Role role, string query, object? variables = null)
    {
        using var client = ClientAs(role);
        using var response = await client.SendAsync(Post(query, variables));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>The data of a query made with a role's key that must succeed without errors.</summary>
    public async Task<JsonNode> DataAsAsync(Role role, string query, object? variables = null)
    {
        var result = await QueryAsAsync(role, query, variables);
        Assert.True(result["errors"] is null, result.ToJsonString());
        return result["data"]!;
    }

    /// <summary>The data of a query that must succeed without errors.</summary>
    public async Task<JsonObject> DataAsync(string query, object? variables = null)
    {
        var result = await QueryAsync(query, variables);
        Assert.True(result["errors"] is null, $"unexpected errors: {result["errors"]}");
        return result["data"]!.AsObject();
    }

    public static HttpRequestMessage Post(string? query, object? variables = null, string accept = "application/graphql-response+json", object? extensions = null)
    {
        var body = JsonSerializer.Serialize(new { query, variables, extensions });
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return request;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _dir.Dispose();
        }
    }
}

/// <summary>The API keys the test servers know, one per role; only their SHA-256 is configured.</summary>
public static class TestKeys
{
    public const string Analyst = "analyst-key-for-tests-7f3a";
    public const string Editor = "editor-key-for-tests-91c2";
    public const string Admin = "admin-key-for-tests-5d0e";

    public static readonly (Role Role, string Key)[] All = [(Role.Analyst, Analyst), (Role.Editor, Editor), (Role.Admin, Admin)];

    public static string? For(Role role) => All.FirstOrDefault(k => k.Role == role).Key;
}

/// <summary>Keeps warnings and errors, with their exceptions, for tests to read.</summary>
public sealed class ListLoggerProvider(ConcurrentQueue<string> sink, LogLevel minimum = LogLevel.Warning) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new ListLogger(sink, minimum);

    public void Dispose()
    {
    }

    private sealed class ListLogger(ConcurrentQueue<string> sink, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                sink.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
