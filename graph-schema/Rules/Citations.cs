namespace Ecosystem.Graph.Rules;

/// <summary>
/// Every fact cites a source: the one check of a fact's citations, with its messages, used by imports, edits and both
/// stores alike.
/// </summary>
public static class Citations
{
    public const string Missing = "required: every fact cites a source";

    public static string Unknown(string sourceId) => $"unknown source '{sourceId}' (add it first: a sources file, or addSource)";

    /// <summary>What is wrong with a fact's sources: none given, or each one that is not a source.</summary>
    public static IEnumerable<(string? SourceId, string Message)> Problems(IReadOnlyCollection<string> sourceIds, Func<string, bool> isSource)
    {
        return sourceIds.Count == 0 ? [(null, Missing)] : Unknowns(sourceIds, isSource);
    }

    /// <summary>The sources cited that are not sources (a fact with none is left to <see cref="Problems"/>).</summary>
    public static IEnumerable<(string? SourceId, string Message)> Unknowns(IEnumerable<string> sourceIds, Func<string, bool> isSource) =>
        sourceIds.Where(id => !isSource(id)).Select(id => ((string?)id, Unknown(id)));
}
