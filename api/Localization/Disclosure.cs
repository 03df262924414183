using Ecosystem.Api.Auth;
using Ecosystem.Api.Errors;
using Ecosystem.Api.Loading;
using Ecosystem.Graph.Analysis;
using GraphQL;

namespace Ecosystem.Api.Localization;

/// <summary>A value the disclosure rules withhold from this caller: null, with the reason.</summary>
public sealed class ConfidentialException(string what, string reason)
    : ApiException(ErrorCodes.Confidential, $"{what} is confidential under the disclosure rules: {reason}.")
{
    public string Reason { get; } = reason;
}

/// <summary>How a report's aggregate values reach a caller: all of them for analysts; for others, those the disclosure rules let through.</summary>
public static class Disclosed
{
    /// <summary>
    /// The value for an analyst; for anyone else the value when every cell it is made of may be shown, else a
    /// CONFIDENTIAL error (the field is null, the rest of the answer untouched).
    /// </summary>
    public static async Task<object?> ValueAsync(IResolveFieldContext context, LocalizationResult owner, object? value, params string[] cells)
    {
        if (context.User.Has(Role.Analyst))
        {
            return value;
        }
        var verdicts = await owner.VerdictsAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var cell in cells)
        {
            if (verdicts.Withheld(cell) is { } reason)
            {
                throw new ConfidentialException($"{context.ParentType.Name}.{context.FieldDefinition.Name}", reason);
            }
        }
        return value;
    }

    /// <summary>Whether the caller sees every value (analysts and up): lists are then ordered by value, else by key.</summary>
    public static bool SeesValues(IResolveFieldContext context) => context.User.Has(Role.Analyst);

    public static string Total(string measure) => LocalizationDisclosure.Cell(LocalizationDisclosure.Total, measure);
}
