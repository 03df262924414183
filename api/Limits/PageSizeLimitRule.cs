using Ecosystem.Api.Errors;
using GraphQL.Validation;

namespace Ecosystem.Api.Limits;

/// <summary>Rejects a document whose first or last (literal or variable) exceeds the page-size limit, before it runs.</summary>
public sealed class PageSizeLimitRule(LimitOptions limits) : ValidationRuleBase
{
    public override ValueTask<IVariableVisitor?> GetVariableVisitorAsync(ValidationContext context) => default;

    public override ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context)
    {
        if (context.ArgumentValues is { } fields)
        {
            foreach (var (field, arguments) in fields)
            {
                foreach (var name in new[] { "first", "last" })
                {
                    if (arguments.TryGetValue(name, out var value) && value.Value is int size && size > limits.MaxPageSize)
                    {
                        context.ReportError(new LimitValidationError(
                            $"{name}: {size} on field '{field.Name.StringValue}' exceeds the page-size limit of {limits.MaxPageSize}."));
                    }
                }
            }
        }
        return default;
    }
}
