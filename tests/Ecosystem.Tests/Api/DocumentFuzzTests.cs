using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Ecosystem.Api.Limits;
using Ecosystem.Api.Schema;
using Ecosystem.Tests.Support;
using GraphQL;
using GraphQL.Validation;
using GraphQL.Validation.Rules;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Api;

/// <summary>
/// Generated documents (<see cref="DocumentFuzzer"/>: depth, width, aliases, fragments, extreme variables) against the
/// API: no 5xx, every error coded, no request taking seconds, no long log line. A few hundred here; the benchmark
/// command <c>fuzz</c> runs it for minutes. And the linear field-merging rule agrees with the pairwise one.
/// </summary>
public sealed class DocumentFuzzTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    [Fact]
    public async Task Generated_documents_get_coded_answers_in_bounded_time_and_bounded_log_lines()
    {
        var fuzzer = new DocumentFuzzer(20261203);
        using var analyst = api.CreateClient();
        using var anonymous = api.ClientAs(Ecosystem.Api.Auth.Role.Anonymous);
        var failures = new List<string>();
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < 300 && failures.Count < 5; i++)
        {
            var (json, what) = fuzzer.Next();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json)) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation("Accept", i % 3 == 0 ? "application/json" : "application/graphql-response+json");
            var clock = Stopwatch.StartNew();
            using var response = await (i % 2 == 0 ? analyst : anonymous).SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            clock.Stop();
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"#{i} {what}: HTTP {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
                continue;
            }
            // A generous bound, far above the ~50 ms such a document costs, that the quadratic validation broke by seconds.
            if (clock.Elapsed > TimeSpan.FromSeconds(3))
            {
                failures.Add($"#{i} {what}: {clock.Elapsed.TotalSeconds:N1} s");
            }
            var parsed = JsonNode.Parse(body)!.AsObject();
            foreach (var error in parsed["errors"]?.AsArray() ?? [])
            {
                if (error!["extensions"]?["code"] is null || error["message"]!.GetValue<string>().Contains("   at ", StringComparison.Ordinal))
                {
                    failures.Add($"#{i} {what}: an error without a code, or with internals: {error.ToJsonString()[..Math.Min(300, error.ToJsonString().Length)]}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.All(api.Logs, line => Assert.True(line.Length < 8_000, $"a log line of {line.Length} characters"));
        Assert.DoesNotContain(api.Logs, line => line.Contains("INTERNAL", StringComparison.Ordinal) || line.StartsWith("Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_linear_merge_check_finds_the_same_conflicts_as_the_pairwise_one()
    {
        var schema = api.Services.GetRequiredService<EcosystemSchema>();
        schema.Initialize();
        var random = new Random(7);
        string[] aliases = ["a", "b"];
        string[] firmFields = ["name", "id", "country", "taxCode", "park { name }", "park { id }", "park { a: name }", "park { a: id }", "suppliers(first: 1) { totalCount }", "suppliers(first: 2) { totalCount }", "sectors { code }", "sectors { a: code }"];
        var disagreements = new List<string>();
        var conflicts = 0;
        var sample = "";
        for (var i = 0; i < 400; i++)
        {
            var sb = new StringBuilder("query($id: ID) { ");
            var roots = 1 + random.Next(2);
            for (var r = 0; r < roots; r++)
            {
                var selections = string.Join(' ', Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Selection()));
                sb.Append(random.Next(3) switch
                {
                    0 => $"{aliases[random.Next(2)]}: firm(id: $id) {{ {selections} }} ",
                    1 => $"{aliases[random.Next(2)]}: firm(id: \"firm:{random.Next(2)}\") {{ {selections} }} ",
                    _ => $"node(id: $id) {{ ... on Firm {{ {selections} }} ... on Park {{ {aliases[random.Next(2)]}: {(random.Next(2) == 0 ? "name" : "totalAreaHa")} }} }} ",
                });
            }
            var text = (random.Next(2) == 0 ? sb.Append("... F } fragment F on Query { a: firm(id: $id) { ").Append(Selection()).Append(" } }") : sb.Append('}')).ToString();
            var document = GraphQLParser.Parser.Parse(text);
            var pairwise = await ErrorsAsync(schema, document, OverlappingFieldsCanBeMerged.Instance);
            var linear = await ErrorsAsync(schema, document, new FieldsCanMergeRule(new LimitOptions()));
            conflicts += pairwise > 0 ? 1 : 0;
            sample = pairwise > 0 ? text + " => " + await MessageAsync(schema, document) : sample;
            if ((pairwise > 0) != (linear > 0))
            {
                disagreements.Add($"{text}: pairwise {pairwise}, linear {linear}");
            }
        }
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements.Take(5)));
        // Both kinds of documents were made: some with conflicts, some without.
        Assert.True(conflicts is >= 40 and <= 360, $"{conflicts} of 400 with conflicts; e.g. {sample}");

        string Selection() => (random.Next(3) == 0 ? aliases[random.Next(2)] + ": " : "") + firmFields[random.Next(firmFields.Length)];
    }

    private static async Task<string> MessageAsync(EcosystemSchema schema, GraphQLDocument document)
    {
        var result = await new DocumentValidator().ValidateAsync(new ValidationOptions
        {
            Schema = schema,
            Document = document,
            Rules = [OverlappingFieldsCanBeMerged.Instance],
            Operation = document.Definitions.OfType<GraphQLOperationDefinition>().First(),
            Variables = Inputs.Empty,
        });
        return result.Errors[0].Message;
    }

    private static async Task<int> ErrorsAsync(EcosystemSchema schema, GraphQLDocument document, IValidationRule rule)
    {
        var result = await new DocumentValidator().ValidateAsync(new ValidationOptions
        {
            Schema = schema,
            Document = document,
            Rules = [rule],
            Operation = document.Definitions.OfType<GraphQLOperationDefinition>().First(),
            Variables = Inputs.Empty,
        });
        return result.Errors.Count;
    }
}
