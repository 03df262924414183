using GraphQL.Types;

namespace Ecosystem.Api.Mutations;

/// <summary>
/// An input object type bound to a record of the edit path: GraphQL.NET makes the record from the fields given (by
/// name, camelCase to PascalCase). A field left out, or given as null, is the record's default: null, UNKNOWN, and for
/// a list an empty one.
/// </summary>
public abstract class RecordInputType<T> : InputObjectGraphType<T>
{
    public override object ParseDictionary(IDictionary<string, object?> value)
    {
        var given = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var field in Fields)
        {
            if (value.TryGetValue(field.Name, out var v) && v is not null)
            {
                given[field.Name] = v;
            }
            else if (IsList(field.ResolvedType ?? throw new InvalidOperationException($"{Name}.{field.Name} has no type")))
            {
                given[field.Name] = new List<object?>();
            }
        }
        return base.ParseDictionary(given);
    }

    private static bool IsList(IGraphType type) => type is ListGraphType || (type is NonNullGraphType nonNull && nonNull.ResolvedType is ListGraphType);
}
