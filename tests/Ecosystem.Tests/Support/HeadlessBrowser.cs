using System.Collections.Concurrent;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Ecosystem.Tests.Support;

/// <summary>
/// Debian's Chromium, headless and without a GPU (as on the CI machines), driven by Playwright: pages at 1366x768 that
/// record script errors and any request leaving the server under test, screenshots, and axe's accessibility check.
/// </summary>
public sealed class HeadlessBrowser : IAsyncDisposable
{
    /// <summary>Where screenshots go: the test output's screenshots folder.</summary>
    public static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    private readonly IPlaywright playwright;

    private HeadlessBrowser(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>Chromium, or the test skipped with the reason (failed under ECOSYSTEM_REQUIRE_SERVICES=1).</summary>
    public static async Task<HeadlessBrowser> LaunchAsync()
    {
        var chromium = RequiredServices.Chromium();
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new HeadlessBrowser(playwright, browser);
    }

    /// <summary>
    /// A page whose script errors and requests off <paramref name="server"/> (other than data: and blob:) land in Errors;
    /// with <paramref name="touch"/>, a touch screen's.
    /// </summary>
    public async Task<(IPage Page, ConcurrentQueue<string> Errors)> NewPageAsync(Uri server, bool touch = false)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, HasTouch = touch });
        var errors = new ConcurrentQueue<string>();
        page.PageError += (_, error) => errors.Enqueue(error);
        var origin = server.GetLeftPart(UriPartial.Authority);
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(origin, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal) && !request.Url.StartsWith("blob:", StringComparison.Ordinal))
            {
                errors.Enqueue($"request off this server: {request.Url}");
            }
        };
        return (page, errors);
    }

    public static async Task ShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = false });
    }

    /// <summary>A picture of one part of the page (its whole box, scrolled to).</summary>
    public static async Task ShotAsync(ILocator part, string name)
    {
        Directory.CreateDirectory(Screenshots);
        await part.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png") });
    }

    /// <summary>Fails when axe finds a serious or critical violation on the page.</summary>
    public static async Task NoSeriousViolationsAsync(IPage page, string where)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help} ({v.Nodes.Length} nodes)").ToList();
        Assert.True(serious.Count == 0, $"{where}: {string.Join("; ", serious)}");
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}
