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
