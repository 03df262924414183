using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Ecosystem.Api.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static Ecosystem.Tests.Store.LocalizationGraph;

namespace Ecosystem.Tests.Api;

/// <summary>The API as the README's run command starts it: no key and no token issuer configured.</summary>
public sealed class AnonymousOnlyApiFactory : EcosystemApiFactory
{
    protected override bool WithApiKeys => false;

    protected override Role ClientRole => Role.Anonymous;

    protected override LogLevel LoggedLevel => LogLevel.Information;
}
