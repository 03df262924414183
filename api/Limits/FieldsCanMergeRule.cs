using System.Text;
using Ecosystem.Api.Errors;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace Ecosystem.Api.Limits;

/// <summary>
/// The specification's "Field Selection Merging" (5.3.2), in time linear in the size of the document with its
/// fragments expanded, where the usual algorithm compares every pair of fields that share a response name (a
/// document repeating one field 19,000 times took 11 s of CPU).
/// <para>
/// Each operation's selections are merged level by level: all fields that answer under one response name form a group,
/// and their sub-selections are merged into the next level. In a group, every field must have the same response shape
/// as the first (list and non-null wrappers, and the same leaf type); and fields that are not mutually exclusive must
/// have the same name and arguments. Two fields are mutually exclusive when, at some level of the merge, they sit in
/// two different object types (<c>... on Firm { x: name } ... on Park { x: kind }</c>). Identical fields (the common
/// case, and the expensive one before) are one class of a group, compared once; a group with several classes compares
/// their distinct paths of types, at most <see cref="MaxClassPaths"/> of them.
/// </para>
/// </summary>
public sealed class FieldsCanMergeRule(LimitOptions limits) : ValidationRuleBase
{
    /// <summary>Most distinct (name and arguments, type path) classes in one group; no real document comes near.</summary>
    public const int MaxClassPaths = 64;

    /// <summary>Deepest merge followed; deeper expansion comes only from a fragment cycle, which its own rule reports.</summary>
    private const int MaxLevels = 100;

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var checker = new Checker(context, limits.MaxExpandedFields);
        foreach (var definition in context.Document.Definitions)
        {
            if (definition is GraphQLOperationDefinition operation && RootType(context.Schema, operation.Operation) is { } root)
            {
                checker.CheckOperation(operation, root);
                if (checker.Stopped)
                {
                    break;
                }
            }
        }
        return default;
    }

    private static IComplexGraphType? RootType(ISchema schema, OperationType type) => type switch
    {
        OperationType.Query => schema.Query,
        OperationType.Mutation => schema.Mutation,
        OperationType.Subscription => schema.Subscription,
        _ => null,
    };

    /// <summary>Where a field sits: the object types of the fields above it in the merge (null for an interface or union).</summary>
    private sealed class Path(Path? parent, string? objectType)
    {
        public Path? Parent { get; } = parent;

        public string? ObjectType { get; } = objectType;

        /// <summary>Two fields are mutually exclusive when at some level both sit in object types and those differ.</summary>
        public static bool Exclusive(Path? a, Path? b)
        {
            while (a is not null && b is not null)
            {
                if (a.ObjectType is not null && b.ObjectType is not null && a.ObjectType != b.ObjectType)
                {
                    return true;
                }
                a = a.Parent;
                b = b.Parent;
            }
            return false;
        }
    }

    private sealed record Entry(GraphQLField Node, FieldType? Definition, IGraphType? Type, Path Path);

    private sealed class Checker(ValidationContext context, int maxFields)
    {
        private readonly Dictionary<(Path?, string?), Path> _paths = [];
        private readonly Dictionary<string, GraphQLFragmentDefinition> _fragments = Fragments(context.Document);
        private int _visited;

        public bool Stopped { get; private set; }

        public void CheckOperation(GraphQLOperationDefinition operation, IComplexGraphType root)
        {
            var entries = new List<Entry>();
            Collect(operation.SelectionSet, root, null, entries, []);
            Merge(entries, 0);
        }

        private void Merge(List<Entry> entries, int level)
        {
            if (Stopped || entries.Count == 0 || level > MaxLevels)
            {
                return;
            }
            var groups = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                var name = (entry.Node.Alias?.Name ?? entry.Node.Name).StringValue;
                if (!groups.TryGetValue(name, out var group))
                {
                    groups[name] = group = [];
                }
                group.Add(entry);
            }
            foreach (var (responseName, group) in groups)
            {
                if (!CheckGroup(responseName, group))
                {
                    // One error per response name: the fields below a conflict are not compared any further.
                    continue;
                }
                var next = new List<Entry>();
                var seen = new HashSet<(string, IGraphType, Path)>();
                foreach (var entry in group)
                {
                    if (entry.Node.SelectionSet is { } set && entry.Type?.GetNamedType() is IComplexGraphType or UnionGraphType)
                    {
                        Collect(set, entry.Type.GetNamedType(), entry.Path, next, seen);
                    }
                }
                Merge(next, level + 1);
                if (Stopped)
                {
                    return;
                }
            }
        }

        /// <summary>Checks one response name's fields; false when it reported a conflict.</summary>
        private bool CheckGroup(string responseName, List<Entry> group)
        {
            if (group.Count < 2)
            {
                return true;
            }
            var first = group.FirstOrDefault(e => e.Type is not null);
            foreach (var entry in group)
            {
                if (first is not null && entry.Type is not null && !SameShape(first.Type!, entry.Type, out var why))
                {
                    Report(responseName, $"they return conflicting types {why}", first.Node, entry.Node);
                    return false;
                }
            }
            var classes = new Dictionary<string, (Entry First, HashSet<Path> Paths)>(StringComparer.Ordinal);
            foreach (var entry in group)
            {
                var key = Key(entry.Node);
                if (!classes.TryGetValue(key, out var cls))
                {
                    classes[key] = cls = (entry, []);
                }
                cls.Paths.Add(entry.Path);
            }
            if (classes.Count == 1)
            {
                return true;
            }
            if (classes.Values.Sum(c => c.Paths.Count) > MaxClassPaths)
            {
                Stop(new LimitValidationError($"Too many different fields answer under the name '{responseName}'; use aliases."));
                return false;
            }
            var list = classes.Values.ToList();
            for (var i = 0; i < list.Count; i++)
            {
                for (var j = i + 1; j < list.Count; j++)
                {
                    foreach (var a in list[i].Paths)
                    {
                        foreach (var b in list[j].Paths)
                        {
                            if (!Path.Exclusive(a, b))
                            {
                                var (x, y) = (list[i].First.Node, list[j].First.Node);
                                var why = x.Name.StringValue != y.Name.StringValue
                                    ? $"'{x.Name.StringValue}' and '{y.Name.StringValue}' are different fields"
                                    : "they have differing arguments";
                                Report(responseName, why, x, y);
                                return false;
                            }
                        }
                    }
                }
            }
            return true;
        }

        private void Collect(GraphQLSelectionSet set, IGraphType? parent, Path? above, List<Entry> into, HashSet<(string, IGraphType, Path)> seen)
        {
            // A field's path ends with its own parent: the object type it is read from, or null for an interface or union.
            var here = Child(above, parent is IObjectGraphType obj ? obj.Name : null);
            foreach (var selection in set.Selections)
            {
                if (Stopped)
                {
                    return;
                }
                switch (selection)
                {
                    case GraphQLField field:
                        if (++_visited > maxFields)
                        {
                            Stop(new LimitValidationError($"The document expands to more than {maxFields} fields with its fragments."));
                            return;
                        }
                        var definition = parent is IComplexGraphType complex ? complex.GetField(field.Name.Value) : null;
                        var type = definition?.ResolvedType ?? (field.Name.Value.Span.SequenceEqual("__typename") ? TypeName : null);
                        into.Add(new Entry(field, definition, type, here));
                        break;
                    case GraphQLInlineFragment inline:
                        Collect(inline.SelectionSet, inline.TypeCondition is { } condition ? TypeOf(condition.Type) : parent, above, into, seen);
                        break;
                    case GraphQLFragmentSpread spread:
                        var name = spread.FragmentName.Name.StringValue;
                        if (_fragments.TryGetValue(name, out var fragment) && TypeOf(fragment.TypeCondition.Type) is { } fragmentType
                            && seen.Add((name, fragmentType, here)))
                        {
                            Collect(fragment.SelectionSet, fragmentType, above, into, seen);
                        }
                        break;
                }
            }
        }

        private IGraphType? TypeOf(GraphQLNamedType type) => context.Schema.AllTypes[type.Name.StringValue];

        private Path Child(Path? parent, string? objectType)
        {
            if (!_paths.TryGetValue((parent, objectType), out var path))
            {
                _paths[(parent, objectType)] = path = new Path(parent, objectType);
            }
            return path;
        }

        private void Report(string responseName, string why, GraphQLField a, GraphQLField b) =>
            context.ReportError(new ValidationError(context.Document.Source, "5.3.2",
                $"Fields '{responseName}' conflict because {why}. Use different aliases on the fields to fetch both if this was intentional.", a, b));

        private void Stop(ValidationError error)
        {
            Stopped = true;
            context.ReportError(error);
        }

        private static Dictionary<string, GraphQLFragmentDefinition> Fragments(GraphQLDocument document)
        {
            var fragments = new Dictionary<string, GraphQLFragmentDefinition>(StringComparer.Ordinal);
            foreach (var definition in document.Definitions)
            {
                if (definition is GraphQLFragmentDefinition fragment)
                {
                    fragments.TryAdd(fragment.FragmentName.Name.StringValue, fragment);
                }
            }
            return fragments;
        }
    }

    private static readonly IGraphType TypeName = new NonNullGraphType(new StringGraphType());

    /// <summary>The same list and non-null wrappers, and the same type where a leaf is reached (objects are compared field by field).</summary>
    private static bool SameShape(IGraphType a, IGraphType b, out string why)
    {
        why = $"'{a}' and '{b}'";
        while (true)
        {
            if (a is NonNullGraphType || b is NonNullGraphType)
            {
                if (a is not NonNullGraphType na || b is not NonNullGraphType nb)
                {
                    return false;
                }
                (a, b) = (na.ResolvedType!, nb.ResolvedType!);
                continue;
            }
            if (a is ListGraphType || b is ListGraphType)
            {
                if (a is not ListGraphType la || b is not ListGraphType lb)
                {
                    return false;
                }
                (a, b) = (la.ResolvedType!, lb.ResolvedType!);
                continue;
            }
            if (a is ScalarGraphType or EnumerationGraphType || b is ScalarGraphType or EnumerationGraphType)
            {
                return a.Name == b.Name;
            }
            return true;
        }
    }

    /// <summary>A field's name and arguments as text: two fields with the same key fetch the same thing.</summary>
    private static string Key(GraphQLField field)
    {
        var sb = new StringBuilder(field.Name.StringValue);
        if (field.Arguments is { Count: > 0 } arguments)
        {
            sb.Append('(');
            foreach (var argument in arguments.OrderBy(a => a.Name.StringValue, StringComparer.Ordinal))
            {
                sb.Append(argument.Name.StringValue).Append(':');
                Write(sb, argument.Value);
                sb.Append(',');
            }
            sb.Append(')');
        }
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, GraphQLValue value)
    {
        switch (value)
        {
            case GraphQLVariable variable:
                sb.Append('$').Append(variable.Name.StringValue);
                break;
            case GraphQLStringValue s:
                sb.Append('"').Append(s.Value.Span).Append('"');
                break;
            case GraphQLIntValue i:
                sb.Append(i.Value.Span);
                break;
            case GraphQLFloatValue f:
                sb.Append(f.Value.Span);
                break;
            case GraphQLBooleanValue b:
                sb.Append(b.BoolValue ? "true" : "false");
                break;
            case GraphQLEnumValue e:
                sb.Append(e.Name.StringValue);
                break;
            case GraphQLNullValue:
                sb.Append("null");
                break;
            case GraphQLListValue list:
                sb.Append('[');
                foreach (var item in list.Values ?? [])
                {
                    Write(sb, item);
                    sb.Append(',');
                }
                sb.Append(']');
                break;
            case GraphQLObjectValue obj:
                sb.Append('{');
                foreach (var field in obj.Fields ?? [])
                {
                    sb.Append(field.Name.StringValue).Append(':');
                    Write(sb, field.Value);
                    sb.Append(',');
                }
                sb.Append('}');
                break;
        }
    }
}
