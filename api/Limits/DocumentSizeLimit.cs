using GraphQLParser.AST;

namespace Ecosystem.Api.Limits;

/// <summary>
/// Bounds the size of a parsed document before any validation rule looks at it, so that validation costs time in
/// proportion to a small document: at most <see cref="LimitOptions.MaxSelections"/> selections (fields, fragment
/// spreads, inline fragments), <see cref="LimitOptions.MaxDefinitions"/> operations and fragments,
/// <see cref="LimitOptions.MaxVariables"/> variable definitions, <see cref="LimitOptions.MaxArgumentsPerField"/>
/// arguments on one field and <see cref="LimitOptions.MaxDirectivesPerLocation"/> directives in one place. One pass
/// over the tree, without recursion (the parser bounds its depth).
/// </summary>
public static class DocumentSizeLimit
{
    /// <summary>The first limit the document passes, as a message for the client; null when it is within every limit.</summary>
    public static string? Check(GraphQLDocument document, LimitOptions limits)
    {
        if (document.Definitions.Count > limits.MaxDefinitions)
        {
            return $"The document has {document.Definitions.Count} operations and fragments; at most {limits.MaxDefinitions} are allowed.";
        }
        var selections = 0;
        var variables = 0;
        var pending = new Stack<ASTNode>();
        foreach (var definition in document.Definitions)
        {
            pending.Push(definition);
        }
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (Directives(node) is { } directives && directives.Count > limits.MaxDirectivesPerLocation)
            {
                return $"The document has {directives.Count} directives in one place; at most {limits.MaxDirectivesPerLocation} are allowed.";
            }
            switch (node)
            {
                case GraphQLOperationDefinition operation:
                    variables += operation.Variables?.Count ?? 0;
                    if (variables > limits.MaxVariables)
                    {
                        return $"The document defines more than {limits.MaxVariables} variables.";
                    }
                    Push(pending, operation.SelectionSet);
                    break;
                case GraphQLFragmentDefinition fragment:
                    Push(pending, fragment.SelectionSet);
                    break;
                case GraphQLField field:
                    if (field.Arguments is { } arguments && arguments.Count > limits.MaxArgumentsPerField)
                    {
                        return $"The field '{field.Name.StringValue}' has {arguments.Count} arguments; at most {limits.MaxArgumentsPerField} are allowed.";
                    }
                    Push(pending, field.SelectionSet);
                    break;
                case GraphQLInlineFragment inline:
                    Push(pending, inline.SelectionSet);
                    break;
            }
            if (node is GraphQLField or GraphQLInlineFragment or GraphQLFragmentSpread && ++selections > limits.MaxSelections)
            {
                return $"The document has more than {limits.MaxSelections} fields and fragment spreads.";
            }
        }
        return null;
    }

    private static void Push(Stack<ASTNode> pending, GraphQLSelectionSet? set)
    {
        if (set is null)
        {
            return;
        }
        foreach (var selection in set.Selections)
        {
            pending.Push(selection);
        }
    }

    private static GraphQLDirectives? Directives(ASTNode node) => node switch
    {
        GraphQLOperationDefinition o => o.Directives,
        GraphQLFragmentDefinition f => f.Directives,
        GraphQLField f => f.Directives,
        GraphQLInlineFragment i => i.Directives,
        GraphQLFragmentSpread s => s.Directives,
        _ => null,
    };
}
