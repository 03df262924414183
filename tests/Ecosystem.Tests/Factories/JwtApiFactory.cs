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

/// <summary>The localization fixture behind an API that also takes JWTs and keeps introspection from anonymous callers.</summary>
public sealed class JwtApiFactory : LocalizationApiFactory
{
    public const string SigningKey = "a-signing-key-of-at-least-32-bytes-for-tests";
    public const string Issuer = "https://issuer.test";
    public const string Audience = "ecosystem-api";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Auth:Jwt:SigningKey"] = SigningKey,
        ["Auth:Jwt:Issuer"] = Issuer,
        ["Auth:Jwt:Audience"] = Audience,
        ["Auth:Jwt:RoleClaim"] = "roles",
        ["Auth:AnonymousIntrospection"] = "false",
    };

    public static string Token(string subject, string[] roles, DateTime? expires = null, string key = SigningKey, string issuer = Issuer)
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["roles"] = roles };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = Audience,
            Claims = claims,
            NotBefore = (expires ?? DateTime.UtcNow.AddHours(1)).AddHours(-2),
            Expires = expires ?? DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }
}
