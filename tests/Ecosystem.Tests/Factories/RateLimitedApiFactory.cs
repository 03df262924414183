using Ecosystem.Api.Auth;
using System.Text.Json.Nodes;

namespace Ecosystem.Tests.Api;

/// <summary>The API allowing 5 requests a minute from one address, and 3 to each API key.</summary>
public class RateLimitedApiFactory : EcosystemApiFactory
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["RateLimits:PermitsPerWindow"] = "5",
        ["RateLimits:KeyPermitsPerWindow"] = "3",
        ["RateLimits:WindowSeconds"] = "60",
    };
}
