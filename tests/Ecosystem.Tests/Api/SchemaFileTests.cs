using Ecosystem.Api.Schema;
using Ecosystem.Tests.Support;
using GraphQL;
using GraphQL.Types;
using GraphQL.Utilities;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Api;

/// <summary>The printed schema is the API contract: it must equal graph-schema/schema.graphql, and document everything.</summary>
public sealed class SchemaFileTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    private EcosystemSchema Schema
    {
        get
        {
            var schema = api.Services.GetRequiredService<EcosystemSchema>();
            schema.Initialize();
            return schema;
        }
    }

    [Fact]
    public void The_printed_schema_equals_graph_schema_schema_graphql()
    {
        var printed = Print(Schema);
        if (Environment.GetEnvironmentVariable("ECOSYSTEM_UPDATE_SCHEMA") == "1")
        {
            File.WriteAllText(RepoPaths.SchemaFile, printed);
        }
        var expected = File.Exists(RepoPaths.SchemaFile) ? File.ReadAllText(RepoPaths.SchemaFile).ReplaceLineEndings("\n") : "";
        var actual = Path.Combine(Path.GetTempPath(), "schema.actual.graphql");
        File.WriteAllText(actual, printed);
        Assert.True(expected == printed,
            $"The schema differs from graph-schema/schema.graphql (new version: {actual}). Review the diff; to accept it, run the tests with ECOSYSTEM_UPDATE_SCHEMA=1.");
    }

    [Fact]
    public void Every_type_field_argument_and_enum_value_has_a_description()
    {
        var missing = new List<string>();
        foreach (var type in Schema.AllTypes.Where(t => !t.Name.StartsWith("__", StringComparison.Ordinal) && (t is not ScalarGraphType || t.Name == "Date")))
        {
            if (string.IsNullOrWhiteSpace(type.Description))
            {
                missing.Add(type.Name);
            }
            if (type is IComplexGraphType complex)
            {
                foreach (var field in complex.Fields)
                {
                    if (string.IsNullOrWhiteSpace(field.Description))
                    {
                        missing.Add($"{type.Name}.{field.Name}");
                    }
                    foreach (var argument in field.Arguments ?? [])
                    {
                        if (string.IsNullOrWhiteSpace(argument.Description))
                        {
                            missing.Add($"{type.Name}.{field.Name}({argument.Name})");
                        }
                    }
                }
            }
            if (type is EnumerationGraphType enumeration)
            {
                missing.AddRange(enumeration.Values.Where(v => string.IsNullOrWhiteSpace(v.Description)).Select(v => $"{type.Name}.{v.Name}"));
            }
        }
        Assert.Empty(missing);
    }

    public static string Print(ISchema schema) =>
        schema.Print(new PrintOptions { IncludeDescriptions = true, IncludeDeprecationReasons = true }).ReplaceLineEndings("\n").TrimEnd() + "\n";
}
