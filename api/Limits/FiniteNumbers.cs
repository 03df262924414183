using System.Collections;
using System.Globalization;
using Ecosystem.Api.Errors;
using GraphQL;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace Ecosystem.Api.Limits;

/// <summary>
/// Numbers must be finite: a variable of <c>1e400</c> reads as infinity, which no argument means and no cache key or
/// JSON answer can hold. Variables are checked when the request is read, before any cache; literals in the document
/// by <see cref="FiniteNumberLiteralRule"/>. Both are <c>BAD_USER_INPUT</c>.
/// </summary>
public static class FiniteNumbers
{
    /// <summary>The path of the first variable value that is not a finite number ("$f", "$where.values[2]"), or null.</summary>
    public static string? FirstNonFinite(Inputs? variables)
    {
        if (variables is null)
        {
            return null;
        }
        foreach (var (name, value) in variables)
        {
            if (Find(value, "$" + name, 0) is { } path)
            {
                return path;
            }
        }
        return null;
    }

    private static string? Find(object? value, string path, int depth)
    {
        switch (value)
        {
            case double d when !double.IsFinite(d):
                return path;
            case float f when !float.IsFinite(f):
                return path;
            case IDictionary<string, object?> map when depth < 64:
                foreach (var (key, item) in map)
                {
                    if (Find(item, $"{path}.{key}", depth + 1) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case IList list when depth < 64:
                for (var i = 0; i < list.Count; i++)
                {
                    if (Find(list[i], $"{path}[{i}]", depth + 1) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>The error for a variable that is not a finite number.</summary>
    public static ExecutionError VariableError(string path) =>
        new($"Variable '{path}' is not a finite number (a number written like 1e400 is beyond what a Float holds).") { Code = ErrorCodes.BadUserInput };
}

/// <summary>A Float literal in the document that is not a finite number (<c>threshold: 1e400</c>).</summary>
public sealed class FiniteNumberLiteralRule : ValidationRuleBase
{
    public static readonly FiniteNumberLiteralRule Instance = new();

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) =>
        ValueTask.FromResult<INodeVisitor?>(new MatchingNodeVisitor<GraphQLFloatValue>((value, ctx) =>
        {
            if (!double.TryParse(value.Value.Span, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
            {
                ctx.ReportError(new InvalidNumberError(ctx.Document.Source, value));
            }
        }));
}

/// <summary>A number in the document that is not finite; <c>BAD_USER_INPUT</c>.</summary>
public sealed class InvalidNumberError(ReadOnlyMemory<char> source, GraphQLFloatValue value)
    : ValidationError(source, null, $"The number {LogText.Prefix(value.Value.ToString())} is not finite: it is beyond what a Float holds.", value);
