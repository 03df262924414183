using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry.Trace;

namespace Ecosystem.Tests.Api;

/// <summary>The API with its traces kept in memory.</summary>
public sealed class TracedApiFactory : EcosystemApiFactory
{
    public List<Activity> Spans { get; } = [];

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["OpenTelemetry:Enabled"] = "true" };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans)));
    }
}
