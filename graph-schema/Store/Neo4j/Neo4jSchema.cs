using System.Reflection;

namespace Ecosystem.Graph.Store.Neo4j;

/// <summary>The constraints and indexes of graph-schema/neo4j/schema.cypher, applied statement by statement (each idempotent).</summary>
public static class Neo4jSchema
{
    /// <summary>The statements of schema.cypher, in order, without comments.</summary>
    public static IReadOnlyList<string> Statements { get; } = Load();

    private static string[] Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Ecosystem.Graph.neo4j.schema.cypher")
            ?? throw new InvalidOperationException("schema.cypher is not embedded in this build");
        using var reader = new StreamReader(stream);
        var text = string.Join('\n', reader.ReadToEnd().Split('\n').Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
        return [.. text.Split(';').Select(s => string.Join(' ', s.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()))).Where(s => s.Length > 0)];
    }

    /// <summary>Applies every statement (schema changes cannot share a transaction with data, so each runs on its own).</summary>
    public static async Task<int> ApplyAsync(Neo4jQueryClient client, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        foreach (var statement in Statements)
        {
            await client.RunAsync(statement, null, cancellationToken).ConfigureAwait(false);
            progress?.Report(statement);
        }
        return Statements.Count;
    }
}
