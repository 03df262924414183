namespace Ecosystem.Graph.Store;

/// <summary>
/// Where the embedded store keeps its file when no folder is given: one default for the API and every seed command,
/// whatever folder they are started from.
/// </summary>
public static class DataFolder
{
    /// <summary>The environment variable (and, for the API, the setting Store:DataDir) that names the folder.</summary>
    public const string Variable = "Store__DataDir";

    public const string Description = "Store__DataDir, else ecosystem/ in the user's data folder ($XDG_DATA_HOME, else ~/.local/share)";

    /// <summary><c>Store__DataDir</c> when set, else <c>ecosystem</c> in the user's data folder.</summary>
    public static string Default =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "ecosystem");
}
