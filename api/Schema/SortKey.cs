using Ecosystem.Graph.Store;
using GraphQL.Types;

namespace Ecosystem.Api.Schema;

/// <summary>One sort key of a listing; the field enums of each kind name <see cref="SortField"/> values.</summary>
public sealed record SortKey<TField>(TField Field, SortDirection Direction = SortDirection.Asc)
    where TField : struct, Enum
{
    public SortOrder ToSortOrder() => new((SortField)Convert.ToInt32(Field, System.Globalization.CultureInfo.InvariantCulture), Direction == SortDirection.Desc);
}

/// <summary>The input type of one sort key: a field of the kind's order enum and a direction.</summary>
public abstract class SortKeyInput<TField, TFieldType> : InputObjectGraphType<SortKey<TField>>
    where TField : struct, Enum
    where TFieldType : IGraphType
{
    protected SortKeyInput(string name, string items)
    {
        Name = name;
        Description = $"One sort key for {items}; ties are broken by the next key, then by id.";
        Field<NonNullGraphType<TFieldType>>("field").Description("What to sort by.");
        Field<SortDirectionType>("direction").Description("ASC (default) or DESC.").DefaultValue(SortDirection.Asc);
    }
}
