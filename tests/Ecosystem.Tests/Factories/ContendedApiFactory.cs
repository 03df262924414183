using System.Net;
using System.Text.Json.Nodes;
using Ecosystem.Api.Auth;
using Ecosystem.Graph.Data.Editing;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Tests.Store;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ecosystem.Tests.Api;

/// <summary>The API with another writer that commits between every edit's checks and its write (as a busy replica could).</summary>
public sealed class ContendedApiFactory : EcosystemApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<GraphEditor>();
            services.AddSingleton(sp =>
            {
                var store = sp.GetRequiredService<IGraphStore>();
                var writes = 0;
                var contended = AfterChecks.Wrap(store, () => store.ApplyAsync(new ChangeSet
                {
                    UpsertNodes = [new Source { Id = $"source:other-writer-{Interlocked.Increment(ref writes)}", Name = "Another writer's source (synthetic)", Synthetic = true }],
                }), every: true);
                return new GraphEditor(contended, sp.GetRequiredService<TimeProvider>());
            });
        });
    }
}
