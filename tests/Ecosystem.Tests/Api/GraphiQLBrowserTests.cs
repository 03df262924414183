using System.Collections.Concurrent;
using Ecosystem.Tests.Support;
using Microsoft.Playwright;

namespace Ecosystem.Tests.Api;

/// <summary>GraphiQL in Debian's Chromium, with every request checked to stay on this server: it works offline.</summary>
[Trait("Category", "Browser")]
public sealed class GraphiQLBrowserTests(KestrelApiFactory api) : IClassFixture<KestrelApiFactory>
{
    [SkippableFact]
    public async Task GraphiQL_loads_from_this_server_alone_and_runs_a_query()
    {
        var origin = api.Address;
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(origin);
        var requests = new ConcurrentQueue<string>();
        page.Request += (_, request) => requests.Enqueue(request.Url);

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
