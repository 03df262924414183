namespace Ecosystem.Api.Auth;

/// <summary>
/// Section "Auth": API keys (by their SHA-256, never the key), JWT bearer validation, and whether anonymous callers may
/// use introspection. Without keys or a JWT issuer the API serves anonymous callers only.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public List<ApiKeyEntry> ApiKeys { get; set; } = [];

    public JwtAuthOptions Jwt { get; set; } = new();

    /// <summary>
    /// Whether callers without a credential may ask for __schema and __type (GraphiQL needs it; callers with a role
    /// always may). Unset, it is on in Development and off in every other environment: a public production API answers
    /// introspection to anonymous callers only when an operator says so.
    /// </summary>
    public bool? AnonymousIntrospection { get; set; }
}

/// <summary>One API key: who holds it, what it may do, and the lower-case hex SHA-256 of the key.</summary>
public sealed class ApiKeyEntry
{
    public string Name { get; set; } = "";

    public string Role { get; set; } = "";

    public string Sha256 { get; set; } = "";

    /// <summary>Requests per rate-limit window for this key; 0 or unset: RateLimits:KeyPermitsPerWindow.</summary>
    public int PermitsPerWindow { get; set; }
}

/// <summary>
/// JWT bearer tokens: signed with SigningKey (HMAC-SHA256, at least 32 bytes of UTF-8) or by the keys of Authority
/// (OpenID Connect discovery); Issuer and Audience checked when given; the role from RoleClaim.
/// </summary>
public sealed class JwtAuthOptions
{
    public string? Authority { get; set; }

    public string? Issuer { get; set; }

    public string? Audience { get; set; }

    public string? SigningKey { get; set; }

    /// <summary>The claim that carries the role (analyst, editor or admin); several values: the highest counts.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The claim that names the caller in logs and the audit log.</summary>
    public string NameClaim { get; set; } = "sub";

    public bool Enabled => !string.IsNullOrWhiteSpace(SigningKey) || !string.IsNullOrWhiteSpace(Authority);
}
