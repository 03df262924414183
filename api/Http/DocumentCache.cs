using System.Collections.Concurrent;
using GraphQLParser.AST;

namespace Ecosystem.Api.Http;

/// <summary>
/// Parsed documents that passed validation, by query text, so a repeated query skips parsing and the validation rules
/// that do not depend on variables. Bounded: when full it starts over.
/// </summary>
public sealed class DocumentCache
{
    private const int Capacity = 2_000;
    private readonly ConcurrentDictionary<string, GraphQLDocument> _documents = new(StringComparer.Ordinal);

    public GraphQLDocument? Get(string query) => _documents.GetValueOrDefault(query);

    public void Add(string query, GraphQLDocument document)
    {
        if (_documents.Count >= Capacity)
        {
            _documents.Clear();
        }
        _documents.TryAdd(query, document);
    }
}
