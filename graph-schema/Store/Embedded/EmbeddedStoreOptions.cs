namespace Ecosystem.Graph.Store.Embedded;

/// <summary>Settings of the embedded store, bound from the "Store" configuration section.</summary>
public sealed class EmbeddedStoreOptions
{
    public const string Section = "Store";

    /// <summary>Folder of the store file (graph.db); relative paths are under the working directory.</summary>
    public string DataDir { get; set; } = "data";
}
