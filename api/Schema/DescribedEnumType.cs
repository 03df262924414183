using GraphQL.Types;

namespace Ecosystem.Api.Schema;

/// <summary>A GraphQL enum over a model enum (values in SCREAMING_CASE) with a description on every value.</summary>
public abstract class DescribedEnumType<TEnum> : EnumerationGraphType<TEnum>
    where TEnum : struct, Enum
{
    protected DescribedEnumType(string name, string description, IReadOnlyDictionary<TEnum, string> valueDescriptions)
    {
        Name = name;
        Description = description;
        foreach (var value in Values)
        {
            value.Description = value.Value is TEnum e && valueDescriptions.TryGetValue(e, out var text)
                ? text
                : throw new InvalidOperationException($"{name}.{value.Name} has no description.");
        }
    }
}
