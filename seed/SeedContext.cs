using System.CommandLine;
using System.Diagnostics;
using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Data;
using Ecosystem.Graph.Data.Export;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;
using Ecosystem.Graph.Store.Neo4j;

namespace Ecosystem.Seed;

/// <summary>
/// What every seed command shares: its output and error writers, the <c>--data-dir</c> option, the store it opens
/// (the embedded one in the data folder, or Neo4j with <c>--target neo4j</c>), today in Vietnam, and the guard that turns
/// expected failures into a message and an exit code.
/// </summary>
public sealed class SeedContext(TextWriter output, TextWriter error, Func<HttpMessageHandler>? neo4jHandler)
{
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public Option<string?> DataDir { get; } = new("--data-dir")
    {
        Description = $"Folder of the graph store (default: {DataFolder.Description}).",
        Recursive = true,
    };

    public static DateOnly Today() => VietnamTime.Today(TimeProvider.System);

    public static Option<string> Target() => new("--target") { Description = "embedded (the folder's SQLite store, default) or neo4j (settings Neo4j__Url, Neo4j__Database, Neo4j__User, Neo4j__Password or Neo4j__Token, Neo4j__BatchSize).", DefaultValueFactory = _ => "embedded" };

    public static Option<string?> Neo4jUrl() => new("--neo4j-url") { Description = "Neo4j's Query API address (overrides Neo4j__Url)." };

    public static Option<string?> Neo4jDatabase() => new("--neo4j-database") { Description = "Neo4j database (overrides Neo4j__Database; default neo4j)." };

    /// <summary>The embedded store of the data folder (--data-dir, else the default data folder), with a line saying what it holds.</summary>
    public async Task<EmbeddedGraphStore> OpenAsync(ParseResult result, TextWriter log, CancellationToken ct)
    {
        var dir = result.GetValue(DataDir) ?? DataFolder.Default;
        var clock = Stopwatch.StartNew();
        var store = await EmbeddedGraphStore.OpenAsync(dir, ct);
        var stats = await store.GetStatsAsync(ct);
        await log.WriteLineAsync($"opened {store.FilePath}: version {stats.Version}, {stats.Nodes.Values.Sum():N0} nodes, {stats.SupplyLinks:N0} links in {clock.Elapsed.TotalSeconds:N1} s");
        return store;
    }

    /// <summary>The store --target names; null (with the reason written) when its settings are unusable.</summary>
    public async Task<IGraphStore?> OpenTargetAsync(ParseResult result, Option<string> target, Option<string?> url, Option<string?> database, TextWriter log, CancellationToken ct)
    {
        switch (result.GetValue(target)?.ToLowerInvariant())
        {
            case "embedded":
                return await OpenAsync(result, log, ct);
            case "neo4j":
                if (await CheckedNeo4jAsync(result.GetValue(url), result.GetValue(database)) is not { } options)
                {
                    return null;
                }
                await log.WriteLineAsync($"target: Neo4j at {options}, batches of {options.BatchSize:N0}");
                return new Neo4jGraphStore(Neo4jClient(options), options.BatchSize);
            default:
                await Error.WriteLineAsync($"error: --target is embedded or neo4j (got '{result.GetValue(target)}')");
                return null;
        }
    }

    /// <summary>Neo4j settings from the environment and the command line, their problems reported (never a secret); null when unusable.</summary>
    public async Task<Neo4jOptions?> CheckedNeo4jAsync(string? url, string? database)
    {
        var options = Neo4jSettings(url, database);
        foreach (var p in options.Problems())
        {
            await Error.WriteLineAsync($"error: {p}");
        }
        return options.Problems().Count == 0 ? options : null;
    }

    public Neo4jQueryClient Neo4jClient(Neo4jOptions options) => new(new HttpClient(neo4jHandler?.Invoke() ?? new SocketsHttpHandler()), options);

    /// <summary>Neo4j settings from the environment (Neo4j__Url, ...), with the command line's address and database over them; secrets only from the environment.</summary>
    private static Neo4jOptions Neo4jSettings(string? url, string? database)
    {
        static string? Env(string name) => Environment.GetEnvironmentVariable("Neo4j__" + name) is { Length: > 0 } v ? v : null;
        var options = new Neo4jOptions
        {
            Url = url ?? Env("Url"),
            Database = database ?? Env("Database") ?? "neo4j",
            User = Env("User"),
            Password = Env("Password"),
            Token = Env("Token"),
        };
        if (Env("BatchSize") is { } batch && int.TryParse(batch, System.Globalization.CultureInfo.InvariantCulture, out var size))
        {
            options.BatchSize = size;
        }
        return options;
    }

    /// <summary>Runs a command's action: an expected failure is one message on standard error and an exit code, never a stack trace.</summary>
    public async Task<int> Guard(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (ChangeSetRejectedException ex)
        {
            await Error.WriteLineAsync($"error: the change was refused; nothing was written. {ex.Errors.Count} problem(s):");
            foreach (var e in ex.Errors.Take(50))
            {
                await Error.WriteLineAsync($"  {e}");
            }
            return 1;
        }
        catch (StoreUnavailableException ex)
        {
            await Error.WriteLineAsync($"error: {ex.Message}");
            return 2;
        }
        catch (Ecosystem.Graph.Store.Neo4j.Neo4jClientException ex)
        {
            await Error.WriteLineAsync($"error: Neo4j refused the request ({ex.Code}): {ex.Message}");
            return 1;
        }
        catch (ScopeException ex)
        {
            await Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
        catch (LocalizationArgumentException ex)
        {
            await Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
        catch (ExportException ex)
        {
            await Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
        catch (StoreFileException ex)
        {
            await Error.WriteLineAsync($"error: {ex.Message}");
            return 2;
        }
        catch (Exception ex) when (ex is CsvException or FileNotFoundException or DirectoryNotFoundException or FormatException)
        {
            await Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            await Error.WriteLineAsync("cancelled; nothing of the interrupted change was written.");
            return 130;
        }
    }
}
