using System.Globalization;
using GraphQL.Types;
using GraphQLParser.AST;

namespace Ecosystem.Api.Schema;

/// <summary>A calendar date written as ISO 8601 "yyyy-MM-dd", read into <see cref="DateOnly"/>.</summary>
public sealed class DateType : ScalarGraphType
{
    public DateType()
    {
        Name = "Date";
        Description = "A calendar date, ISO 8601 \"yyyy-MM-dd\" (no time, no zone).";
    }

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => ThrowSerializationError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        DateOnly d => d,
        string s => Parse(s) ?? ThrowValueConversionError(value),
        _ => ThrowValueConversionError(value),
    };

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLStringValue s => Parse((string)s.Value) ?? ThrowLiteralConversionError(value, "expected a date as \"yyyy-MM-dd\""),
        _ => ThrowLiteralConversionError(value, "expected a date as \"yyyy-MM-dd\""),
    };

    public override bool CanParseLiteral(GraphQLValue value) => value is GraphQLNullValue || (value is GraphQLStringValue s && Parse((string)s.Value) is not null);

    public override bool CanParseValue(object? value) => value is null or DateOnly || (value is string s && Parse(s) is not null);

    private static DateOnly? Parse(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
