namespace Ecosystem.Graph.Data.Import;

/// <summary>One bad value of an import file: where it is, what it is and why it is refused.</summary>
public sealed record ImportError(string File, int Line, string Column, string Value, string Reason)
{
    public override string ToString() => $"{File}:{Line}: {Column} '{Value}': {Reason}";
}

/// <summary>What an import found and, unless it was a dry run or had errors, wrote.</summary>
public sealed record ImportReport
{
    public required IReadOnlyList<ImportError> Errors { get; init; }

    public int Firms { get; init; }

    public int Links { get; init; }

    public int Sources { get; init; }

    /// <summary>Capability facts read (their firms' profiles replaced by them).</summary>
    public int Capabilities { get; init; }

    public int Requests { get; init; }

    public bool DryRun { get; init; }

    /// <summary>Whether the graph was changed (false for a dry run, for errors, and for files already imported).</summary>
    public bool Written { get; init; }

    public long Version { get; init; }

    public int NodesWritten { get; init; }

    public int LinksWritten { get; init; }
}

/// <summary>
/// The files of one import, each optional (at least one given), each with the name errors report: firms, links, sources,
/// capabilities (firms' profiles) and sourcing (requests, one row per item).
/// </summary>
public sealed record ImportFiles(TextReader? Firms, string FirmsName, TextReader? Links, string LinksName, TextReader? Sources = null, string SourcesName = "sources.csv")
{
    public TextReader? Capabilities { get; init; }

    public string CapabilitiesName { get; init; } = "capabilities.csv";

    public TextReader? Sourcing { get; init; }

    public string SourcingName { get; init; } = "sourcing.csv";
}
