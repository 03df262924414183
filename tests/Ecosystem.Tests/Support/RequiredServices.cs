namespace Ecosystem.Tests.Support;

/// <summary>
/// Tests that need a real server or browser find it or are skipped with the reason printed; with
/// ECOSYSTEM_REQUIRE_SERVICES=1 (CI) a missing one fails the test instead.
/// </summary>
public static class RequiredServices
{
    public static bool Required => Environment.GetEnvironmentVariable("ECOSYSTEM_REQUIRE_SERVICES") == "1";

    /// <summary>The Chromium to drive: CHROMIUM_PATH, else Debian's /usr/bin/chromium.</summary>
    public static string Chromium()
    {
        var path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        Unavailable(!File.Exists(path), $"Chromium not found at {path} (apt-get install -y chromium, or set CHROMIUM_PATH)");
        return path;
    }

    /// <summary>Debian's redis-server: REDIS_SERVER_PATH, else the first redis-server on PATH, else /usr/bin/redis-server.</summary>
    public static string RedisServer()
    {
        var path = Environment.GetEnvironmentVariable("REDIS_SERVER_PATH") is { Length: > 0 } configured
            ? configured
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => System.IO.Path.Combine(d, "redis-server")).FirstOrDefault(File.Exists)
              ?? "/usr/bin/redis-server";
        Unavailable(!File.Exists(path), $"redis-server not found at {path} (apt-get install -y redis-server, or set REDIS_SERVER_PATH)");
        return path;
    }

    /// <summary>Node.js: the first node on PATH (Debian's nodejs, installed with npm).</summary>
    public static string Node()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => System.IO.Path.Combine(d, "node")).FirstOrDefault(File.Exists);
        Unavailable(path is null, "node is not on PATH (apt-get install -y nodejs npm)");
        return path!;
    }

    /// <summary>An npm package folder of the tests with its node_modules installed (the test project's build runs npm ci there).</summary>
    public static string NpmFolder(string name, string package)
    {
        var folder = System.IO.Path.Combine(RepoPaths.Root, "tests", name);
        Unavailable(!Directory.Exists(System.IO.Path.Combine(folder, "node_modules", package)), $"tests/{name} has no node_modules/{package} (the test project's build runs npm ci there)");
        return folder;
    }

    private static void Unavailable(bool missing, string reason)
    {
        if (!missing)
        {
            return;
        }
        if (Required)
        {
            Assert.Fail($"{reason}; ECOSYSTEM_REQUIRE_SERVICES=1 makes this a failure.");
        }
        Console.WriteLine($"skipped: {reason}");
        Skip.If(true, reason);
    }
}
