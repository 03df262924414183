using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ecosystem.Graph.Data.Input;
using Ecosystem.Api.Auth;
using Microsoft.AspNetCore.Hosting;

namespace Ecosystem.Tests.Api;

/// <summary>The API as a production service starts it: anonymous introspection is off unless an operator turns it on.</summary>
public sealed class ProductionApiFactory : EcosystemApiFactory
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}
