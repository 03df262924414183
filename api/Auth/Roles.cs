using System.Security.Claims;

namespace Ecosystem.Api.Auth;

/// <summary>
/// Who may do what, each role including the ones before it: anonymous callers see public facts; analysts also see
/// commercial values (supply-link values, firm revenue, anything computed from values); editors also write through
/// the mutations; admins also import through the API and read the audit log.
/// </summary>
public enum Role
{
    Anonymous = 0,
    Analyst = 1,
    Editor = 2,
    Admin = 3,
}

public static class Roles
{
    /// <summary>The claim type the API puts the caller's role in, whatever the credential (API key or JWT).</summary>
    public const string ClaimType = ClaimTypes.Role;

    /// <summary>The role's name as configured and as tokens carry it: analyst, editor, admin.</summary>
    public static string Name(Role role) => role.ToString().ToLowerInvariant();

    /// <summary>
    /// A role by its exact name (analyst, editor, admin, anonymous; case aside). Nothing else is a role: not a number,
    /// not a list ("analyst,editor"), not a sign ("+3"), which enum parsing would read as flags or values.
    /// </summary>
    public static bool TryParse(string? text, out Role role)
    {
        role = Role.Anonymous;
        foreach (var candidate in Enum.GetValues<Role>())
        {
            if (string.Equals(text, Name(candidate), StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }
        return false;
    }

    /// <summary>The highest role the caller holds; anonymous without an authenticated identity.</summary>
    public static Role Of(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true)
        {
            return Role.Anonymous;
        }
        var best = Role.Anonymous;
        foreach (var claim in user.FindAll(ClaimType))
        {
            if (TryParse(claim.Value, out var role) && role > best)
            {
                best = role;
            }
        }
        return best;
    }

    /// <summary>Whether the caller holds the role or a higher one.</summary>
    public static bool Has(this ClaimsPrincipal? user, Role role) => Of(user) >= role;

    /// <summary>
    /// The name callers are known by in logs and the audit log, marked with the kind of credential so that a key and a
    /// token subject of the same name stay apart: <c>key:NAME</c> for an API key, <c>jwt:SUB</c> for a bearer token.
    /// </summary>
    public static string Actor(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true)
        {
            return "anonymous";
        }
        var name = user.Identity.Name ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "unnamed";
        return user.Identity.AuthenticationType switch
        {
            Authentication.ApiKeyScheme => "key:" + name,
            Authentication.BearerScheme => "jwt:" + name,
            _ => name,
        };
    }
}
