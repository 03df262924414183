using Ecosystem.Api.Auth;
using Ecosystem.Seed;

namespace Ecosystem.Tests.Seed;

public sealed class KeyCommandTests
{
    [Fact]
    public async Task A_key_comes_with_the_hash_the_API_checks_it_by_and_the_settings_to_paste()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(0, await SeedCli.RunAsync(["key", "--name", "nguyen.van.a", "--role", "Editor"], output, error));
        var lines = output.ToString().Split('\n', StringSplitOptions.TrimEntries);
        var key = lines.Single(l => l.StartsWith("key ", StringComparison.Ordinal))[4..].Trim();
        var hash = lines.Single(l => l.StartsWith("sha256 ", StringComparison.Ordinal))[7..].Trim();
        Assert.True(key.Length >= 40, key);
        Assert.Equal(Authentication.HashKey(key), hash);
        Assert.Contains("Auth__ApiKeys__N__Role=editor", lines);
        Assert.Contains($"Auth__ApiKeys__N__Sha256={hash}", lines);
        Assert.Empty(Authentication.Problems(new AuthOptions { ApiKeys = [new ApiKeyEntry { Name = "nguyen.van.a", Role = "editor", Sha256 = hash }] }));

        var second = new StringWriter();
        await SeedCli.RunAsync(["key", "--name", "b", "--role", "analyst"], second, error);
        Assert.DoesNotContain(key, second.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await SeedCli.RunAsync(["key", "--name", "c", "--role", "owner"], new StringWriter(), error));
        Assert.Contains("--role must be analyst, editor or admin", error.ToString(), StringComparison.Ordinal);
    }
}
