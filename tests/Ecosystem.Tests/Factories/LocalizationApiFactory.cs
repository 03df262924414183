using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ecosystem.Graph.Data;
using Ecosystem.Graph.Store.Embedded;
using Ecosystem.Tests.Store;
using Ecosystem.Tests.Support;
using Newtonsoft.Json.Linq;
using Snapshooter;
using Snapshooter.Xunit;
using static Ecosystem.Tests.Store.LocalizationGraph;

namespace Ecosystem.Tests.Api;

/// <summary>The API over a store holding only the hand-built localization fixture (no reference data, no demo network).</summary>
public class LocalizationApiFactory : EcosystemApiFactory
{
    private readonly TempDirectory _fixtureDir = new();

    public LocalizationApiFactory()
    {
        var store = EmbeddedGraphStore.OpenAsync(_fixtureDir.Path).GetAwaiter().GetResult();
        store.ApplyAsync(Build()).GetAwaiter().GetResult();
        store.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    protected override string DataDir => _fixtureDir.Path;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _fixtureDir.Dispose();
        }
    }
}
