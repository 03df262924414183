using System.Collections.Concurrent;
using Ecosystem.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Ecosystem.Tests.Api;

/// <summary>The API on a real socket, for a browser to reach.</summary>
public sealed class KestrelApiFactory : EcosystemApiFactory
{
    public KestrelApiFactory() => UseKestrel(0);

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["urls"] = "http://127.0.0.1:0" };

    public Uri Address
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return new Uri(addresses.First());
        }
    }
}

/// <summary>GraphiQL in Debian's Chromium, with every request checked to stay on this server: it works offline.</summary>
public sealed class GraphiQLBrowserTests(KestrelApiFactory api) : IClassFixture<KestrelApiFactory>
{
    [SkippableFact]
    public async Task GraphiQL_loads_from_this_server_alone_and_runs_a_query()
    {
        var chromium = RequiredServices.Chromium();
        var origin = api.Address;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();
        var requests = new ConcurrentQueue<string>();
        page.Request += (_, request) => requests.Enqueue(request.Url);
        var errors = new ConcurrentQueue<string>();
        page.PageError += (_, error) => errors.Enqueue(error);

        await page.GotoAsync(new Uri(origin, "/graphql").ToString());
        await page.Locator(".graphiql-query-editor .CodeMirror").First.WaitForAsync(new() { Timeout = 20_000 });
        await page.EvaluateAsync("() => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue('{ province(name: \"hai duong\") { name successor { name } } }')");
        await page.Locator(".graphiql-execute-button").ClickAsync();
        var response = page.Locator(".graphiql-response");
        await Assertions.Expect(response).ToContainTextAsync("\"successor\"", new() { Timeout = 20_000 });
        var text = await response.InnerTextAsync();
        Assert.Contains("Hải Dương", text, StringComparison.Ordinal);
        Assert.Contains("Hải Phòng", text, StringComparison.Ordinal);

        Assert.Empty(errors);
        Assert.NotEmpty(requests);
        Assert.All(requests, url => Assert.True(url.StartsWith(origin.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal), $"request off this server: {url}"));
    }
}
