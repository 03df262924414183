using Ecosystem.Api.Errors;
using Ecosystem.Api.Limits;
using Ecosystem.Api.PersistedQueries;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.Extensions.Options;

namespace Ecosystem.Api.Http;

/// <summary>
/// The document a request runs, or why none does. <see cref="Document"/> is null when GraphQL.NET's persisted document
/// handler must give the answer itself (an unknown or malformed document id, or a plain query where only trusted
/// documents run); <see cref="Refusal"/> is an HTTP-level refusal, <see cref="Error"/> one answered as a GraphQL result.
/// </summary>
public sealed record ResolvedDocument
{
    public string? QueryText { get; init; }

    public string? DocumentId { get; init; }

    public GraphQLDocument? Document { get; init; }

    /// <summary>Whether the parsed document came from the document cache (it passed every rule once).</summary>
    public bool Cached { get; init; }

    public GraphQLOperationDefinition? Operation { get; init; }

    public Refusal? Refusal { get; init; }

    public ExecutionError? Error { get; init; }
}

/// <summary>
/// Decides which text runs and parses it: a plain query; an automatic persisted query (the hash alone once the server
/// knows the text); a trusted document by id; then the parse at the parser's depth, bounded in size before any
/// validation (<see cref="DocumentSizeLimit"/>), cached by text.
/// </summary>
public sealed class DocumentResolver(
    DocumentCache documents,
    AutomaticPersistedQueries persistedQueries,
    IOptions<PersistedDocumentOptions> documentOptions,
    IOptions<LimitOptions> limits,
    TrustedDocuments? trusted = null)
{
    /// <summary>The parser, at its usual depth: 128 levels of the syntax tree, about 60 nested selections.</summary>
    private static readonly GraphQLDocumentBuilder Parser = new() { MaxDepth = 128 };

    public async Task<ResolvedDocument> ResolveAsync(GraphQLRequest request, CancellationToken cancellationToken)
    {
        var documentId = request.DocumentId;
        if (AutomaticPersistedQueries.Parse(request, out _) is { } persisted)
        {
            if (persisted.IsError)
            {
                return new() { Refusal = new Refusal(persisted.Status, persisted.Code!, persisted.Message!) };
            }
            if (documentOptions.Value.TrustedOnly)
            {
                // Only known documents run: the hash names one of them, and a text sent with it is never registered.
                documentId = "sha256:" + persisted.Hash;
                request.Query = null;
            }
            else
            {
                var resolved = await persistedQueries.ResolveAsync(persisted, cancellationToken);
                if (resolved.IsError)
                {
                    // The protocol's answer to an unknown hash: 200, so that the client sends the text with it.
                    return new() { Refusal = new Refusal(StatusCodes.Status200OK, resolved.Code!, resolved.Message!) };
                }
                request.Query = resolved.Query;
            }
        }
        var (text, handledElsewhere, refusal) = TextOf(request, documentId);
        if (refusal is not null || handledElsewhere)
        {
            return new() { Refusal = refusal, DocumentId = documentId };
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return new() { Refusal = Refusal.BadRequest("The request has no query.") };
        }
        return Parse(text, request.OperationName) with { DocumentId = documentId };
    }

    /// <summary>The text to run; or that the persisted document handler answers (no text); or a refusal.</summary>
    private (string? Text, bool HandledElsewhere, Refusal? Refusal) TextOf(GraphQLRequest request, string? documentId)
    {
        if (documentId is not null)
        {
            if (trusted is null)
            {
                return (null, false, Refusal.BadRequest("This server keeps no persisted documents: send the query itself."));
            }
            // GraphQL.NET's persisted document handler gives the precise error (unknown id, malformed id, both query and id).
            var text = request.Query is null ? trusted.Find(documentId) : null;
            return (text, text is null, null);
        }
        if (documentOptions.Value.TrustedOnly)
        {
            // Refused by the persisted document handler: only documents named by id run.
            return (null, true, null);
        }
        return (request.Query, false, null);
    }

    private ResolvedDocument Parse(string text, string? operationName)
    {
        var document = documents.Get(text);
        var cached = document is not null;
        if (document is null)
        {
            try
            {
                document = Parser.Build(text);
            }
            catch (SyntaxError error)
            {
                return new() { Error = error };
            }
            catch (GraphQLParserException)
            {
                // Nested past the parser's depth (selections, values or types): refused like any other limit.
                return new() { Error = new ExecutionError("The document is nested too deeply to parse (about 60 levels of selections, or values as deep).") { Code = ErrorCodes.LimitExceeded } };
            }
            if (DocumentSizeLimit.Check(document, limits.Value) is { } tooLarge)
            {
                return new() { Error = new ExecutionError(tooLarge) { Code = ErrorCodes.LimitExceeded } };
            }
        }
        return new() { QueryText = text, Document = document, Cached = cached, Operation = OperationOf(document, operationName) };
    }

    private static GraphQLOperationDefinition? OperationOf(GraphQLDocument document, string? operationName)
    {
        GraphQLOperationDefinition? only = null;
        foreach (var definition in document.Definitions)
        {
            if (definition is GraphQLOperationDefinition op)
            {
                if (operationName is not null && op.Name?.StringValue == operationName)
                {
                    return op;
                }
                only = only is null ? op : null;
            }
        }
        return operationName is null ? only : null;
    }
}
