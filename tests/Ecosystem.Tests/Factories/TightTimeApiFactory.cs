using Ecosystem.Api.Auth;
using System.Text.Json.Nodes;

namespace Ecosystem.Tests.Api;

/// <summary>An API whose execution time limit is 1 ms, with the complexity limit raised so a heavy query gets to run.</summary>
public sealed class TightTimeApiFactory : EcosystemApiFactory
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["GraphQL:Limits:TimeoutMs"] = "1",
        ["GraphQL:Limits:MaxComplexity"] = "100000000",
    };
}
