using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Api;

/// <summary>The API on a real socket, for a browser to reach, over the reference data and the small synthetic network.</summary>
public class KestrelApiFactory : EcosystemApiFactory
{
    public KestrelApiFactory() => UseKestrel(0);

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["urls"] = "http://127.0.0.1:0" };

    public Uri Address
    {
        get
        {
            StartServer();
            return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }
    }
}

/// <summary>The same over the demo network of 5,000 synthetic firms (the one `dotnet run` loads): chains of thousands of firms.</summary>
public sealed class DemoKestrelApiFactory : KestrelApiFactory
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["urls"] = "http://127.0.0.1:0", ["DemoData:Firms"] = "5000", ["DemoData:Seed"] = "1" };
}

/// <summary>A demo network of 15,000 synthetic firms: upstream chains of more than the 2,500 firms the explorer draws.</summary>
public sealed class LargeDemoKestrelApiFactory : KestrelApiFactory
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["urls"] = "http://127.0.0.1:0", ["DemoData:Firms"] = "15000", ["DemoData:Seed"] = "1" };
}
