using Ecosystem.Api.Auth;
using System.Text.Json.Nodes;

namespace Ecosystem.Tests.Api;

/// <summary>The API with a short time limit (300 ms) for slow store calls.</summary>
public sealed class ShortTimeApiFactory : EcosystemApiFactory
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["GraphQL:Limits:TimeoutMs"] = "300",
        ["Cache:Enabled"] = "false",
    };
}
