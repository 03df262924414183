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

    public static bool TryParse(string? text, out Role role)
    {
        role = Role.Anonymous;
        return text is not null && Enum.TryParse(text.Trim(), ignoreCase: true, out role) && Enum.IsDefined(role) && !char.IsDigit(text.Trim()[0]);
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

    /// <summary>The name callers are known by in logs and the audit log: the key's name or the token's subject.</summary>
    public static string Actor(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true ? user.Identity.Name ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "unnamed" : "anonymous";
}
