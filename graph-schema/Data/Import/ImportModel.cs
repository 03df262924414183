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

    /// <summary>With matching: what each row without an id became, and the rows held back for review.</summary>
    public MatchSummary? Match { get; init; }

    /// <summary>Rows left out on purpose (an Open Supply Hub file's facilities outside Vietnam).</summary>
    public int Skipped { get; init; }
}

/// <summary>How an import reads its rows.</summary>
public sealed record ImportOptions
{
    /// <summary>Match firm rows without an id, and links' ends given by name, against the graph (<see cref="ImportMatching"/>).</summary>
    public bool Match { get; init; }

    /// <summary>The matcher over the graph's firms, when the caller keeps one; else one is built for the import.</summary>
    public Matching.FirmMatcher? Matcher { get; init; }

    /// <summary>Sources cited by the firm and link rows that name none.</summary>
    public IReadOnlyList<string> DefaultSources { get; init; } = [];

    /// <summary>What the firms file is: our columns, or an Open Supply Hub facility download (always matched).</summary>
    public FirmsFormat FirmsFormat { get; init; }
}

/// <summary>The formats a firms file may come in.</summary>
public enum FirmsFormat
{
    /// <summary>firms.csv as this graph writes it (<see cref="CsvInputs.FirmColumns"/>).</summary>
    Csv,

    /// <summary>An Open Supply Hub facility download (<see cref="OpenSupplyHub"/>).</summary>
    OpenSupplyHub,
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

    /// <summary>How the rows are read: matched or not, and the sources of rows that name none.</summary>
    public ImportOptions Options { get; init; } = new();
}
