using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Ecosystem.Api.Auth;
using Ecosystem.Api.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Api;

/// <summary>A receiver of webhooks on a free local port: what it got, and whether it answers 500 for now.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentQueue<(Dictionary<string, string> Headers, byte[] Body)> Received { get; } = new();

    private volatile bool _failing;

    /// <summary>Whether it answers 500 for now.</summary>
    public bool Failing
    {
        get => _failing;
        set => _failing = value;
    }

    private WebhookReceiver(WebApplication app) => _app = app;

    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            if (receiver.Failing)
            {
                return Results.StatusCode(500);
            }
            // The headers copied: the request's own are reused once it ends.
            receiver.Received.Enqueue((http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray()));
            return Results.NoContent();
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until this many deliveries came.</summary>
    public async Task<List<(Dictionary<string, string> Headers, byte[] Body)>> WaitForAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (Received.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.True(Received.Count >= count, $"{Received.Count} of {count} deliveries came");
        return [.. Received];
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>
/// Webhooks: made by editors for addresses an admin allowed, sent each change set in order, signed with HMAC-SHA256 over
/// the time and the body; a receiver that fails is tried again with backoff, then the webhook is disabled with the
/// reason and every attempt in its log; enabled again, it resumes where it stopped.
/// </summary>
public sealed class WebhookTests : IAsyncLifetime
{
    private readonly CacheApiFactory _api = new(new Dictionary<string, string>
    {
        ["Webhooks:AllowedHosts:0"] = "127.0.0.1",
        ["Webhooks:AllowHttp"] = "true",
        ["Webhooks:AllowPrivateNetworks"] = "true",
        ["Webhooks:RetryBaseMs"] = "50",
        ["Webhooks:MaxAttempts"] = "3",
    });

    private WebhookReceiver? _receiver;

    private WebhookReceiver Receiver => _receiver ?? throw new InvalidOperationException("started in InitializeAsync");

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await _api.DisposeAsync();
    }

    private const string Create = "mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id enabled deliveredUpTo } secret } }";
    private const string Upsert = "mutation($input: UpsertFirmInput!) { upsertFirm(input: $input) { version } }";

    private async Task<string> SourceAsync()
    {
        var data = await _api.DataAsAsync(Role.Editor, "mutation($input: AddSourceInput!) { addSource(input: $input) { source { id } } }",
            new { input = new { id = "hook-src", title = "Webhooks (test)", publisher = "Test", url = "https://example.org/hook", date = "2026-10-01" } });
        return data["addSource"]!["source"]!["id"]!.GetValue<string>();
    }

    private static string Sign(string secret, string t, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(t + ".").Concat(body).ToArray()));

    [Fact]
    public async Task Change_sets_arrive_in_order_signed_and_a_failing_receiver_is_retried_then_disabled_and_resumed()
    {
        var source = await SourceAsync();
        var created = (await _api.DataAsAsync(Role.Editor, Create, new { input = new { url = Receiver.Url, events = new[] { "GRAPH_CHANGED" } } }))["createWebhook"]!;
        var (id, secret) = (created["webhook"]!["id"]!.GetValue<string>(), created["secret"]!.GetValue<string>());
        Assert.True(created["webhook"]!["enabled"]!.GetValue<bool>());

        var v1 = (await _api.DataAsAsync(Role.Editor, Upsert, new { input = new { id = "hook-a", name = "Công ty Móc A (test)", country = "VN", sources = new[] { source } } }))["upsertFirm"]!["version"]!.GetValue<long>();
        var v2 = (await _api.DataAsAsync(Role.Editor, Upsert, new { input = new { id = "hook-b", name = "Công ty Móc B (test)", country = "VN", sources = new[] { source } } }))["upsertFirm"]!["version"]!.GetValue<long>();
        var got = await Receiver.WaitForAsync(2);
        Assert.Equal([v1, v2], got.Select(d => JsonNode.Parse(d.Body)!["change"]!["version"]!.GetValue<long>()));
        foreach (var (headers, body) in got)
        {
            Assert.Equal(("GRAPH_CHANGED", id), (headers["X-Ecosystem-Event"], headers["X-Ecosystem-Webhook"]));
            var parts = headers[WebhookDispatcher.SignatureHeader].Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            Assert.Equal(Sign(secret, parts["t"], body), parts["v1"]);
            Assert.InRange(long.Parse(parts["t"], System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
            // The body names items and fields, never a value or who made it.
            Assert.Null(JsonNode.Parse(body)!["change"]!["actor"]);
        }

        // The receiver fails: three attempts, then the webhook is disabled, the version kept.
        Receiver.Failing = true;
        var v3 = (await _api.DataAsAsync(Role.Editor, Upsert, new { input = new { id = "hook-c", name = "Công ty Móc C (test)", country = "VN", sources = new[] { source } } }))["upsertFirm"]!["version"]!.GetValue<long>();
        const string Hooks = "{ webhooks { id enabled disabledReason deliveredUpTo deliveries(first: 10) { version attempt status error } } }";
        JsonNode hook;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        do
        {
            await Task.Delay(100);
            hook = (await _api.DataAsAsync(Role.Editor, Hooks))["webhooks"]!.AsArray().Single(h => h!["id"]!.GetValue<string>() == id)!;
        }
        while (hook["enabled"]!.GetValue<bool>() && DateTime.UtcNow < deadline);
        Assert.False(hook["enabled"]!.GetValue<bool>());
        Assert.Contains($"version {v3}", hook["disabledReason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(v2, hook["deliveredUpTo"]!.GetValue<long>());
        var failed = hook["deliveries"]!.AsArray().Where(d => d!["version"]!.GetValue<long>() == v3).ToList();
        Assert.Equal([3, 2, 1], failed.Select(d => d!["attempt"]!.GetValue<int>()));
        Assert.All(failed, d => Assert.Equal(500, d!["status"]!.GetValue<int>()));

        // Enabled again with the receiver back: it resumes with the version that failed.
        Receiver.Failing = false;
        await _api.DataAsAsync(Role.Editor, "mutation($id: ID!) { enableWebhook(id: $id) { enabled } }", new { id });
        var resumed = await Receiver.WaitForAsync(3);
        Assert.Equal(v3, JsonNode.Parse(resumed[2].Body)!["change"]!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Only_editors_make_webhooks_and_an_address_must_be_allowed()
    {
        var anonymous = await _api.QueryAsAsync(Role.Anonymous, Create, new { input = new { url = Receiver.Url, events = new[] { "GRAPH_CHANGED" } } });
        Assert.Contains(anonymous["errors"]![0]!["extensions"]!["code"]!.GetValue<string>(), new[] { "UNAUTHENTICATED", "FORBIDDEN" });
        var analyst = await _api.QueryAsAsync(Role.Analyst, Create, new { input = new { url = Receiver.Url, events = new[] { "GRAPH_CHANGED" } } });
        Assert.Equal("FORBIDDEN", analyst["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        var elsewhere = await _api.QueryAsAsync(Role.Editor, Create, new { input = new { url = "http://example.org/hook", events = new[] { "GRAPH_CHANGED" } } });
        Assert.Equal("BAD_USER_INPUT", elsewhere["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains("not among the hosts allowed", elsewhere["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // Without AllowPrivateNetworks, loopback is refused even when the host is allowed.
        var policy = new WebhookPolicy(Microsoft.Extensions.Options.Options.Create(new WebhookOptions { AllowedHosts = ["127.0.0.1", "localhost"], AllowHttp = true }));
        Assert.Contains("private or loopback", await policy.ProblemAsync("http://127.0.0.1:9/hook", CancellationToken.None), StringComparison.Ordinal);
        Assert.Contains("https", await new WebhookPolicy(Microsoft.Extensions.Options.Options.Create(new WebhookOptions { AllowedHosts = ["example.org"] })).ProblemAsync("http://example.org/x", CancellationToken.None), StringComparison.Ordinal);
        Assert.Contains("Webhooks:AllowedHosts", await new WebhookPolicy(Microsoft.Extensions.Options.Options.Create(new WebhookOptions())).ProblemAsync("https://example.org/x", CancellationToken.None), StringComparison.Ordinal);
        foreach (var address in new[] { "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1" })
        {
            Assert.True(WebhookPolicy.IsPrivate(IPAddress.Parse(address)), address);
        }
        Assert.False(WebhookPolicy.IsPrivate(IPAddress.Parse("93.184.216.34")));
    }
}
