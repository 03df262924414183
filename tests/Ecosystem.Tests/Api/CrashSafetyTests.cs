using Ecosystem.Api.Auth;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store.Embedded;
using Ecosystem.Tests.Data;
using Ecosystem.Tests.Support;

namespace Ecosystem.Tests.Api;

/// <summary>
/// The API killed (SIGKILL) in the middle of a large import over HTTP, at several moments: after a restart on the same
/// folder the store opens cleanly, every import acknowledged before the kill is there, and the interrupted one is there
/// whole or not at all.
/// </summary>
public sealed class CrashSafetyTests
{
    private sealed class ApiProcess : IDisposable
    {
        private readonly Process _process;

        public ApiProcess(string dataDir)
        {
            Port = FreePort();
            var dll = Path.Combine(AppContext.BaseDirectory, "Ecosystem.Api.dll");
            var start = new ProcessStartInfo("dotnet", $"\"{dll}\" --urls http://127.0.0.1:{Port} --contentRoot \"{Path.Combine(RepoPaths.Root, "api")}\"")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["Store__DataDir"] = dataDir;
            start.Environment["DemoData__Firms"] = "0";
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["Auth__ApiKeys__0__Name"] = "crash-test-admin";
            start.Environment["Auth__ApiKeys__0__Role"] = "admin";
            start.Environment["Auth__ApiKeys__0__Sha256"] = Authentication.HashKey(TestKeys.Admin);
            _process = Process.Start(start)!;
            _process.OutputDataReceived += (_, _) => { };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromMinutes(2) };
            Http.DefaultRequestHeaders.Add(Authentication.ApiKeyHeader, TestKeys.Admin);
        }

        public int Port { get; }

        public HttpClient Http { get; }

        public async Task WaitReadyAsync()
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline)
            {
                Assert.False(_process.HasExited, "the API exited while starting");
                try
                {
                    using var ready = await Http.GetAsync("/health/ready");
                    if (ready.StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                await Task.Delay(200);
            }
            Assert.Fail("the API did not become ready within 90 s");
        }

        /// <summary>SIGKILL: no shutdown, no flush, no finally.</summary>
        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                Kill();
            }
            Http.Dispose();
            _process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    private static MultipartFormDataContent Files(string firms, string links)
    {
        var form = new MultipartFormDataContent();
        form.Add(new StringContent(firms, Encoding.UTF8, "text/csv"), "firms", "firms.csv");
        form.Add(new StringContent(links, Encoding.UTF8, "text/csv"), "links", "links.csv");
        form.Add(new StringContent(ImportTests.Sources, Encoding.UTF8, "text/csv"), "sources", "sources.csv");
        return form;
    }

    /// <summary>A batch of firms named by a tag, each supplying the next: firms, links and how many of each.</summary>
    private static (string Firms, string Links) Batch(string tag, int firms)
    {
        var f = new StringBuilder(ImportTests.FirmsHeader).Append('\n');
        var l = new StringBuilder(ImportTests.LinksHeader).Append('\n');
        for (var i = 0; i < firms; i++)
        {
            f.Append($"{tag}-{i:D6},Công ty {tag} {i} (synthetic),,,VN,Hà Nội,,22,SUPPORTING_INDUSTRY,,,survey-2026\n");
            if (i > 0)
            {
                l.Append($"{tag}-{i - 1:D6},{tag}-{i:D6},22,,{1000 + i},2024-01-01,,0.9,survey-2026\n");
                l.Append($"{tag}-{i:D6},{tag}-{(i * 7) % i:D6},22,phụ tùng,{2000 + i},2024-01-01,,0.8,survey-2026\n");
            }
        }
        return (f.ToString(), l.ToString());
    }

    [Fact]
    public async Task Killing_the_API_during_an_import_loses_nothing_acknowledged_and_leaves_no_half_import()
    {
        using var dir = new TempDirectory();
        var acknowledged = new List<string>();
        foreach (var (round, delayMs) in new[] { (0, 150), (1, 600), (2, 900), (3, 1200), (4, 1700), (5, 2500) })
        {
            using (var api = new ApiProcess(dir.Path))
            {
                await api.WaitReadyAsync();
                // An import that is answered before the kill: it must survive.
                var (smallFirms, smallLinks) = Batch($"ack{round}", 20);
                using (var small = await api.Http.PostAsync("/import", Files(smallFirms, smallLinks)))
                {
                    Assert.Equal(HttpStatusCode.OK, small.StatusCode);
                }
                acknowledged.Add($"ack{round}");
                // A large import, killed part of the way through.
                var (bigFirms, bigLinks) = Batch($"big{round}", 40_000);
                var pending = api.Http.PostAsync("/import", Files(bigFirms, bigLinks));
                await Task.Delay(delayMs);
                api.Kill();
                try
                {
                    (await pending).Dispose();
                }
                catch (HttpRequestException)
                {
                    // The connection died with the process: the client was never told it was written.
                }
                catch (TaskCanceledException)
                {
                }
            }

            // The store opens cleanly in a new process, with every acknowledged import, and each big one whole or absent.
            await using var store = await EmbeddedGraphStore.OpenAsync(dir.Path);
            var firms = (await store.ListNodesAsync(new Ecosystem.Graph.Store.NodeQuery { Kind = NodeKind.Firm, First = 0 })).TotalCount;
            foreach (var tag in acknowledged)
            {
                Assert.All(await store.GetNodesAsync([$"firm:{tag}-000000", $"firm:{tag}-000019"]), n => Assert.NotNull(n));
            }
            for (var r = 0; r <= round; r++)
            {
                var ends = await store.GetNodesAsync([$"firm:big{r}-000000", $"firm:big{r}-039999"]);
                Assert.True(ends[0] is null == ends[1] is null, $"round {r}: the interrupted import is half there");
                if (ends[1] is not null)
                {
                    var links = await store.GetSupplyLinksAsync([$"firm:big{r}-039999"], Direction.In);
                    Assert.NotEmpty(links[0]);
                }
            }
            Assert.True(firms >= acknowledged.Count * 20);
        }
    }
}
