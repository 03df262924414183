namespace Ecosystem.Graph.Data.Editing;

/// <summary>One invalid value of an edit: the input field (camelCase, as the API names it) and why.</summary>
public sealed record EditError(string Field, string Message);

/// <summary>An edit refused before anything was written, with every reason.</summary>
public sealed class EditRejectedException(IReadOnlyList<EditError> errors)
    : Exception($"edit refused: {string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"))}")
{
    public IReadOnlyList<EditError> Errors { get; } = errors;
}

/// <summary>What an edit changed: the graph version after it, and whether anything changed.</summary>
public sealed record EditResult<T>(T Item, long Version, bool Changed);
