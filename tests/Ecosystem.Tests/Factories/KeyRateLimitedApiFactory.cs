using Ecosystem.Api.Auth;
using System.Text.Json.Nodes;

namespace Ecosystem.Tests.Api;

/// <summary>The same limits, in a server of its own (the address's count starts at zero).</summary>
public sealed class KeyRateLimitedApiFactory : RateLimitedApiFactory
{
}
