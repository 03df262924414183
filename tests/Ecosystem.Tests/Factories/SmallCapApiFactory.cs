using Ecosystem.Graph.Rules;
using System.Text.Json.Nodes;
using Ecosystem.Graph.Store;

namespace Ecosystem.Tests.Api;

/// <summary>An API whose walks stop at 20 firms.</summary>
public sealed class SmallCapApiFactory : EcosystemApiFactory
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["GraphQL:Limits:MaxChainFirms"] = "20" };
}
