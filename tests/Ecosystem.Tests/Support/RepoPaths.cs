namespace Ecosystem.Tests.Support;

/// <summary>Files of the repository the tests compare against.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string SchemaFile => Path.Combine(Root, "graph-schema", "schema.graphql");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ecosystem.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Ecosystem.sln not found above " + AppContext.BaseDirectory);
    }
}
