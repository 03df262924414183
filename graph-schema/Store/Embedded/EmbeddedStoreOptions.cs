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
}
