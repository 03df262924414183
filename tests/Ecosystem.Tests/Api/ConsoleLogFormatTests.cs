using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Ecosystem.Tests.Api;

/// <summary>
/// Console logs: one readable line per entry for a person running the README's command (Development, as
/// launchSettings.json sets it), JSON in Production and whenever Logging:Console:FormatterName says json.
/// </summary>
public sealed class ConsoleLogFormatTests
{
    [Theory]
    [InlineData("Development", null, "simple")]
    [InlineData("Production", null, "json")]
    [InlineData("Development", "json", "json")]
    public void The_console_formatter_follows_the_environment_and_the_setting(string environment, string? setting, string expected)
    {
        using var dir = new Support.TempDirectory();
        using var api = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment(environment);
            b.UseSetting("Store:DataDir", dir.Path);
            b.UseSetting("DemoData:Firms", "0");
            if (setting is not null)
            {
                b.UseSetting("Logging:Console:FormatterName", setting);
            }
        });
        var options = api.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        Assert.Equal(expected, options.FormatterName);
        if (expected == "simple")
        {
            Assert.True(api.Services.GetRequiredService<IOptionsMonitor<SimpleConsoleFormatterOptions>>().CurrentValue.SingleLine);
        }
    }
}
