using Ecosystem.Graph.Analysis;

namespace Ecosystem.Graph.Store.Embedded;

/// <summary>Settings of the embedded store, bound from the "Store" configuration section.</summary>
public sealed class EmbeddedStoreOptions
{
    public const string Section = "Store";

    /// <summary>Which store the API runs on: Embedded (this folder's SQLite file, the default) or Neo4j (section "Neo4j").</summary>
    public string Kind { get; set; } = "Embedded";

    /// <summary>Folder of the store file (graph.db), the one the seed commands use by default (<see cref="DataFolder"/>); relative paths are under the working directory.</summary>
    public string DataDir { get; set; } = DataFolder.Default;

    /// <summary>Fold the changes laid over the last full build once they touch this many nodes (see <see cref="FoldPolicy"/>).</summary>
    public int FoldNodes { get; set; } = FoldPolicy.Default.TouchedNodes;

    /// <summary>... or once the firms' own link lists hold this many entries (or an eighth of the links, whichever is more).</summary>
    public long FoldLinkEntries { get; set; } = FoldPolicy.Default.LinkEntries;
}
