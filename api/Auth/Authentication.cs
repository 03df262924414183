using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Ecosystem.Api.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Ecosystem.Api.Auth;

/// <summary>
/// Who is calling: an API key (X-Api-Key, or Authorization: ApiKey), a JWT bearer token, or nobody (anonymous). A
/// credential that is sent but not valid is refused with 401 UNAUTHENTICATED, after the rate limiter has counted it
/// against the caller's address.
/// </summary>
public static partial class Authentication
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string ApiKeyScheme = "ApiKey";
    public const string BearerScheme = "Bearer";
    private const string FailureKey = "ecosystem.auth.failure";

    public static WebApplicationBuilder AddEcosystemAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.Section)
            .Validate(o => Problems(o).Count == 0, "Auth settings are invalid")
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var problems = Problems(options);
        if (problems.Count > 0)
        {
            // Named here, at the start: a key that silently never matches is worse than a service that does not start.
            throw new OptionsValidationException(AuthOptions.Section, typeof(AuthOptions), problems);
        }
        builder.Services.AddSingleton(new ApiKeyDirectory(options.ApiKeys));
        var authentication = builder.Services.AddAuthentication();
        if (options.Jwt.Enabled)
        {
            var jwt = options.Jwt;
            authentication.AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, o =>
            {
                o.MapInboundClaims = false;
                if (!string.IsNullOrWhiteSpace(jwt.Authority))
                {
                    o.Authority = jwt.Authority;
                }
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = !string.IsNullOrWhiteSpace(jwt.Issuer),
                    ValidIssuer = jwt.Issuer,
                    ValidateAudience = !string.IsNullOrWhiteSpace(jwt.Audience),
                    ValidAudience = jwt.Audience,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    IssuerSigningKey = string.IsNullOrWhiteSpace(jwt.SigningKey) ? null : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey)),
                    ValidAlgorithms = string.IsNullOrWhiteSpace(jwt.SigningKey) ? null : [SecurityAlgorithms.HmacSha256],
                    RoleClaimType = jwt.RoleClaim,
                    NameClaimType = jwt.NameClaim,
                };
            });
        }
        return builder;
    }

    /// <summary>Every problem of the settings, each naming its setting.</summary>
    public static List<string> Problems(AuthOptions options)
    {
        var problems = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            var at = $"Auth:ApiKeys:{i}";
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                problems.Add($"{at}:Name is required (it names the caller in logs and the audit log).");
            }
            else if (!names.Add(key.Name))
            {
                problems.Add($"{at}:Name '{key.Name}' is used by another key.");
            }
            if (!Roles.TryParse(key.Role, out var role) || role == Role.Anonymous)
            {
                problems.Add($"{at}:Role must be analyst, editor or admin.");
            }
            if (!Sha256Hex().IsMatch(key.Sha256 ?? ""))
            {
                problems.Add($"{at}:Sha256 must be the key's SHA-256 as 64 lower-case hex digits (printf %s \"$KEY\" | sha256sum), never the key itself.");
            }
            else if (!hashes.Add(key.Sha256!))
            {
                problems.Add($"{at}:Sha256 is the same as another key's.");
            }
            if (key.PermitsPerWindow < 0)
            {
                problems.Add($"{at}:PermitsPerWindow must be 0 (the default for keys) or more.");
            }
        }
        if (options.Jwt.SigningKey is { Length: > 0 } signing && Encoding.UTF8.GetByteCount(signing) < 32)
        {
            problems.Add("Auth:Jwt:SigningKey must be at least 32 bytes.");
        }
        if (string.IsNullOrWhiteSpace(options.Jwt.RoleClaim))
        {
            problems.Add("Auth:Jwt:RoleClaim must name a claim.");
        }
        return problems;
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();

    /// <summary>The lower-case hex SHA-256 of a key, as Auth:ApiKeys stores it.</summary>
    public static string HashKey(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Reads the credential, if any, into HttpContext.User; remembers a refused one for <see cref="UseAuthenticationFailures"/>.</summary>
    public static WebApplication UseEcosystemAuthentication(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var keys = app.Services.GetRequiredService<ApiKeyDirectory>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ecosystem.Api.Auth");
        if (options.ApiKeys.Count == 0 && !options.Jwt.Enabled)
        {
            Observability.Log.AnonymousOnly(logger);
        }
        else
        {
            Observability.Log.Authentication(logger, options.ApiKeys.Count, options.Jwt.Enabled ? "on" : "off");
        }
        app.Use(async (http, next) =>
        {
            var failure = await AuthenticateAsync(http, keys, options);
            if (failure is not null)
            {
                http.Items[FailureKey] = failure;
            }
            await next(http);
        });
        return app;
    }

    /// <summary>Answers 401 for a refused credential (after the rate limiter, so that guessing keys is limited too).</summary>
    public static WebApplication UseAuthenticationFailures(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (http.Items[FailureKey] is string failure && !http.Request.Path.StartsWithSegments("/health"))
            {
                http.Response.Headers.WWWAuthenticate = "ApiKey, Bearer";
                await ErrorResponses.WriteAsync(http, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, failure);
                return;
            }
            await next(http);
        });
        return app;
    }

    private static Task<string?> AuthenticateAsync(HttpContext http, ApiKeyDirectory keys, AuthOptions options) =>
        AuthenticateAsync(
            http,
            http.Request.Headers.TryGetValue(ApiKeyHeader, out var header) ? header.ToString() : null,
            http.Request.Headers.Authorization.ToString(),
            keys,
            options);

    /// <summary>
    /// A credential given some other way than the request's headers (a WebSocket's connection_init payload) read into
    /// HttpContext.User as a header's would be: null when accepted (or when there is none), else why it is refused.
    /// </summary>
    public static async Task<string?> AuthenticateAsync(HttpContext http, string? apiKey, string authorization, ApiKeyDirectory keys, AuthOptions options)
    {
        if (apiKey is null && authorization.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase))
        {
            apiKey = authorization["ApiKey ".Length..];
        }
        if (apiKey is not null)
        {
            if (keys.Find(apiKey.Trim()) is not { } entry)
            {
                return "The API key is not known.";
            }
            http.User = Principal(ApiKeyScheme, entry.Name, [entry.Role], entry.Name);
            return null;
        }
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            if (!options.Jwt.Enabled)
            {
                return "This server accepts API keys, not bearer tokens.";
            }
            // The JWT handler reads the header: a token given in a payload is put there first.
            http.Request.Headers.Authorization = authorization;
            var result = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
            if (!result.Succeeded || result.Principal is null)
            {
                return "The bearer token is not valid (signature, issuer, audience or expiry).";
            }
            var token = result.Principal;
            var name = token.FindFirst(options.Jwt.NameClaim)?.Value ?? "token";
            var roles = token.FindAll(options.Jwt.RoleClaim).Select(c => c.Value).ToList();
            http.User = Principal(BearerScheme, name, roles, "sub:" + name);
            return null;
        }
        return null;
    }

    private static ClaimsPrincipal Principal(string scheme, string name, IEnumerable<string> roles, string partition)
    {
        var identity = new ClaimsIdentity(scheme, ClaimTypes.Name, Roles.ClaimType);
        identity.AddClaim(new Claim(ClaimTypes.Name, name));
        identity.AddClaim(new Claim(PartitionClaim, partition));
        foreach (var role in roles)
        {
            if (Roles.TryParse(role, out var parsed) && parsed != Role.Anonymous)
            {
                identity.AddClaim(new Claim(Roles.ClaimType, Roles.Name(parsed)));
            }
        }
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The claim naming the caller's rate-limit partition (the key's name, or the token's subject).</summary>
    public const string PartitionClaim = "ecosystem:partition";
}

/// <summary>The configured keys by their SHA-256.</summary>
public sealed class ApiKeyDirectory
{
    private readonly Dictionary<string, (string Name, string Role, int Permits)> _byHash;

    public ApiKeyDirectory(IEnumerable<ApiKeyEntry> keys)
    {
        _byHash = keys.ToDictionary(k => k.Sha256, k => (k.Name, k.Role, k.PermitsPerWindow), StringComparer.Ordinal);
    }

    public (string Name, string Role, int Permits)? Find(string key) =>
        key.Length is > 0 and <= 512 && _byHash.TryGetValue(Authentication.HashKey(key), out var entry) ? entry : null;

    /// <summary>The requests per window of the key with this name; 0 for the default.</summary>
    public int PermitsOf(string name) => _byHash.Values.FirstOrDefault(v => v.Name == name).Permits;
}
