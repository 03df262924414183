using Ecosystem.Api.Errors;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Resolvers;
using GraphQL.Types;
using GraphQL.Utilities;

namespace Ecosystem.Api.Auth;

/// <summary>A field, argument or endpoint the caller's role does not reach: the field is null with this error on its path.</summary>
public sealed class ForbiddenException(string message) : ApiException(ErrorCodes.Forbidden, message);

/// <summary>
/// Field-level roles: a field marked <see cref="Restricted{TSource, TReturn}"/> resolves only for callers holding the
/// role; for anyone else it is null with a FORBIDDEN error on its path, and the rest of the answer is untouched.
/// Restricted fields are nullable for that reason.
/// </summary>
public static class RestrictedFields
{
    public const string MetadataKey = "ecosystem:role";

    /// <summary>Only callers holding <paramref name="role"/> (analyst by default: commercial values) get this field.</summary>
    public static FieldBuilder<TSource, TReturn> Restricted<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, Role role = Role.Analyst)
    {
        field.FieldType.WithMetadata(MetadataKey, role);
        var note = $" Needs the {Roles.Name(role)} role (FORBIDDEN otherwise).";
        if (field.FieldType.Description is { } description && !description.EndsWith(note, StringComparison.Ordinal))
        {
            field.FieldType.Description = description + note;
        }
        return field;
    }

    /// <summary>The role a field needs, or null for a public field.</summary>
    public static Role? RoleOf(IFieldType field) => field.GetMetadata<Role?>(MetadataKey, (Role?)null);

    /// <summary>Refuses an argument value that needs a role the caller lacks (a filter on values, say), naming it.</summary>
    public static void Require(this IResolveFieldContext context, Role role, string what)
    {
        if (!context.User.Has(role))
        {
            throw Forbidden(what, role);
        }
    }

    /// <summary>401 without a credential (say which to send), 403 with one whose role is too low.</summary>
    public static Task RefuseAsync(HttpContext http, Role role, string? message = null)
    {
        var anonymous = http.User.Identity?.IsAuthenticated != true;
        if (anonymous)
        {
            http.Response.Headers.WWWAuthenticate = "ApiKey, Bearer";
        }
        return ErrorResponses.WriteAsync(
            http,
            anonymous ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden,
            anonymous ? ErrorCodes.Unauthenticated : ErrorCodes.Forbidden,
            message ?? Forbidden($"{http.Request.Path}", role).Message);
    }

    public static ForbiddenException Forbidden(string what, Role role) =>
        new($"{what} needs the {Roles.Name(role)} role: send an API key (X-Api-Key) or a token that has it.");
}

/// <summary>Wraps the resolver of every restricted field with the role check (registered on the schema).</summary>
public sealed class RestrictedFieldVisitor : BaseSchemaNodeVisitor
{
    public override void VisitObjectFieldDefinition(FieldType field, IObjectGraphType type, ISchema schema)
    {
        if (RestrictedFields.RoleOf(field) is { } role)
        {
            field.Resolver = new RoleCheckedResolver(field.Resolver ?? NameFieldResolver.Instance, role, $"{type.Name}.{field.Name}");
        }
    }

    private sealed class RoleCheckedResolver(IFieldResolver inner, Role role, string what) : IFieldResolver
    {
        public ValueTask<object?> ResolveAsync(IResolveFieldContext context) =>
            context.User.Has(role) ? inner.ResolveAsync(context) : throw RestrictedFields.Forbidden(what, role);
    }
}
