using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Ecosystem.Api.Auth;
using Ecosystem.Tests.Api;

namespace Ecosystem.Tests.Support;

/// <summary>The API in a process of its own on a free port (Production, an admin key), killed with SIGKILL when asked.</summary>
public sealed class ApiProcess : IDisposable
{
    private readonly Process _process;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    /// <param name="dataDir">The store's folder.</param>
    /// <param name="settings">More settings, as environment variables (Section__Key).</param>
    public ApiProcess(string dataDir, IReadOnlyDictionary<string, string>? settings = null)
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
        start.Environment["RateLimits__PermitsPerWindow"] = "0";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromMinutes(2) };
        Http.DefaultRequestHeaders.Add(Authentication.ApiKeyHeader, TestKeys.Admin);
    }

    public int Port { get; }

    /// <summary>The lines the process wrote so far (standard output and error).</summary>
    public IReadOnlyCollection<string> Output => _output;

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

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
