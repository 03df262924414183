namespace Ecosystem.Graph.Rules;

/// <summary>
/// The calendar of the graph: dates (what holds "today", a link's validity, a province's map) are Vietnam's, UTC+7 all
/// year (no daylight saving). The one rule for "today" in the API, the importer, the editor and the CLI.
/// </summary>
public static class VietnamTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>The date in Vietnam at this instant.</summary>
    public static DateOnly DateAt(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>Today in Vietnam, by the given clock.</summary>
    public static DateOnly Today(TimeProvider time) => DateAt(time.GetUtcNow());
}
