using Ecosystem.Api.Errors;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace Ecosystem.Api.Limits;

/// <summary>Rejects a document with more aliased fields than allowed (aliases multiply work without adding depth).</summary>
public sealed class AliasLimitRule(LimitOptions limits) : ValidationRuleBase
{
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var count = 0;
        INodeVisitor visitor = new MatchingNodeVisitor<GraphQLField>((field, ctx) =>
        {
            if (field.Alias is not null && ++count == limits.MaxAliases + 1)
            {
                ctx.ReportError(new LimitValidationError($"The document has more than {limits.MaxAliases} aliased fields."));
            }
        });
        return ValueTask.FromResult<INodeVisitor?>(visitor);
    }
}
