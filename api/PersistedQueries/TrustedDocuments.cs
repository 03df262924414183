using System.Text.Json;
using GraphQL.PersistedDocuments;

namespace Ecosystem.Api.PersistedQueries;

/// <summary>The trusted-documents settings (section <c>PersistedDocuments</c>).</summary>
public sealed class PersistedDocumentOptions
{
    public const string Section = "PersistedDocuments";

    /// <summary>
    /// A JSON file of known documents: an object whose keys are document ids (<c>sha256:</c> and the SHA-256 hex of the
    /// text, or the hex alone) and whose values are the documents' text. Relative to the content root.
    /// </summary>
    public string? File { get; set; }

    /// <summary>true (production): only the documents of <see cref="File"/> run; any other request is refused.</summary>
    public bool TrustedOnly { get; set; }
}

/// <summary>
/// The known documents, read once at start; every id is checked against its text's SHA-256, so a tampered or stale
/// file stops the start with the entry named. Serves GraphQL.NET's persisted document handler.
/// </summary>
public sealed class TrustedDocuments : IPersistedDocumentLoader
{
    private readonly Dictionary<string, string> _byHash;

    public TrustedDocuments(string path)
    {
        Path = path;
        Dictionary<string, string>? entries;
        try
        {
            entries = JsonSerializer.Deserialize<Dictionary<string, string>>(System.IO.File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Persisted documents file {path} cannot be read: {ex.Message}", ex);
        }
        _byHash = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, text) in entries ?? [])
        {
            var hash = (id.StartsWith("sha256:", StringComparison.Ordinal) ? id["sha256:".Length..] : id).ToLowerInvariant();
            if (AutomaticPersistedQueries.Sha256Hex(text) != hash)
            {
                throw new InvalidOperationException($"Persisted documents file {path}: the entry \"{id}\" is not the SHA-256 of its document.");
            }
            _byHash[hash] = text;
        }
    }

    public string Path { get; }

    public int Count => _byHash.Count;

    /// <summary>The text of a document id (<c>sha256:HEX</c>), or null.</summary>
    public string? Find(string documentId)
    {
        var hash = documentId.StartsWith("sha256:", StringComparison.Ordinal) ? documentId["sha256:".Length..] : null;
        return hash is not null && _byHash.TryGetValue(hash, out var text) ? text : null;
    }

    public ValueTask<string?> GetQueryAsync(string? documentIdPrefix, string documentIdPayload, CancellationToken cancellationToken) =>
        ValueTask.FromResult(documentIdPrefix == "sha256" && _byHash.TryGetValue(documentIdPayload, out var text) ? text : null);
}
