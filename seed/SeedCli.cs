using Ecosystem.Graph.Rules;
using System.CommandLine;
using System.Diagnostics;
using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Data;
using Ecosystem.Graph.Data.Export;
using Ecosystem.Graph.Data.Import;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;

namespace Ecosystem.Seed;

/// <summary>The seed command line: load reference data and synthetic networks into a store, report what it holds.</summary>
public static class SeedCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var dataDir = new Option<string?>("--data-dir")
        {
            Description = "Folder of the graph store (default: Store__DataDir, else ./data).",
            Recursive = true,
        };
        var root = new RootCommand("Ecosystem seed: load and inspect the knowledge graph of Vietnam's industrial ecosystems.");
        root.Options.Add(dataDir);

        Option<string> Target() => new("--target") { Description = "embedded (the folder's SQLite store, default) or neo4j (settings Neo4j__Url, Neo4j__Database, Neo4j__User, Neo4j__Password or Neo4j__Token, Neo4j__BatchSize).", DefaultValueFactory = _ => "embedded" };
        Option<string?> Neo4jUrl() => new("--neo4j-url") { Description = "Neo4j's Query API address (overrides Neo4j__Url)." };
        Option<string?> Neo4jDatabase() => new("--neo4j-database") { Description = "Neo4j database (overrides Neo4j__Database; default neo4j)." };
        // Neo4j settings from the environment and the command line, their problems reported (never a secret); null when unusable.
        async Task<Ecosystem.Graph.Store.Neo4j.Neo4jOptions?> CheckedNeo4jAsync(string? url, string? database)
        {
            var options = Neo4jSettings(url, database);
            foreach (var p in options.Problems())
            {
                await error.WriteLineAsync($"error: {p}");
            }
            return options.Problems().Count == 0 ? options : null;
        }

        static Ecosystem.Graph.Store.Neo4j.Neo4jQueryClient Neo4jClient(Ecosystem.Graph.Store.Neo4j.Neo4jOptions options) =>
            new(new HttpClient(Neo4jHandler?.Invoke() ?? new SocketsHttpHandler()), options);

        async Task<IGraphStore?> OpenTargetAsync(ParseResult result, Option<string> target, Option<string?> url, Option<string?> database, TextWriter log, CancellationToken ct)
        {
            switch (result.GetValue(target)?.ToLowerInvariant())
            {
                case "embedded":
                    return await OpenAsync(result.GetValue(dataDir), log, ct);
                case "neo4j":
                    if (await CheckedNeo4jAsync(result.GetValue(url), result.GetValue(database)) is not { } options)
                    {
                        return null;
                    }
                    await log.WriteLineAsync($"target: Neo4j at {options}, batches of {options.BatchSize:N0}");
                    return new Ecosystem.Graph.Store.Neo4j.Neo4jGraphStore(Neo4jClient(options), options.BatchSize);
                default:
                    await error.WriteLineAsync($"error: --target is embedded or neo4j (got '{result.GetValue(target)}')");
                    return null;
            }
        }

        var referenceTarget = Target();
        var referenceUrl = Neo4jUrl();
        var referenceDatabase = Neo4jDatabase();
        var reference = new Command("reference", "Load the reference data (provinces, sectors, parks, sources and the facts they state). Re-running changes nothing.")
        {
            referenceTarget, referenceUrl, referenceDatabase,
        };
        reference.SetAction((result, ct) => Guard(error, async () =>
        {
            await using var store = await OpenTargetAsync(result, referenceTarget, referenceUrl, referenceDatabase, output, ct);
            if (store is null)
            {
                return 1;
            }
            await LoadReferenceAsync(store, output, ct);
            return 0;
        }));
        root.Subcommands.Add(reference);

        var firms = new Option<int>("--firms") { Description = "Number of synthetic firms (10 to 2,000,000).", Required = true };
        firms.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<int>();
            if (value is < 10 or > 2_000_000)
            {
                r.AddError($"--firms must be between 10 and 2,000,000 (got {value}).");
            }
        });
        var seed = new Option<int>("--seed") { Description = "Generator seed: the same seed and scale give the same graph.", DefaultValueFactory = _ => 1 };
        var linksPerFirm = new Option<double>("--links-per-firm") { Description = "Average supply links per firm.", DefaultValueFactory = _ => 10 };
        linksPerFirm.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<double>();
            if (value is <= 0 or > 100)
            {
                r.AddError($"--links-per-firm must be in (0, 100] (got {value}).");
            }
        });
        var syntheticTarget = Target();
        var syntheticUrl = Neo4jUrl();
        var syntheticDatabase = Neo4jDatabase();
        var synthetic = new Command("synthetic", "Generate a deterministic synthetic supply network (labelled synthetic) on top of the reference data.")
        {
            firms, seed, linksPerFirm, syntheticTarget, syntheticUrl, syntheticDatabase,
        };
        synthetic.SetAction((result, ct) => Guard(error, async () =>
        {
            await using var store = await OpenTargetAsync(result, syntheticTarget, syntheticUrl, syntheticDatabase, output, ct);
            if (store is null)
            {
                return 1;
            }
            await LoadReferenceAsync(store, output, ct);
            await LoadSyntheticAsync(store, result.GetValue(firms), result.GetValue(seed), result.GetValue(linksPerFirm), output, ct);
            return 0;
        }));
        root.Subcommands.Add(synthetic);

        var stats = new Command("stats", "Print the graph version and the counts of nodes by kind and of supply links.");
        stats.SetAction((result, ct) => Guard(error, async () =>
        {
            await using var store = await OpenAsync(result.GetValue(dataDir), output, ct);
            var s = await store.GetStatsAsync(ct);
            await output.WriteLineAsync($"store     {store.FilePath} ({new FileInfo(store.FilePath).Length / 1024.0 / 1024.0:N1} MiB)");
            await output.WriteLineAsync($"version   {s.Version}");
            foreach (var (kind, count) in s.Nodes.OrderBy(k => k.Key))
            {
                await output.WriteLineAsync($"{kind,-10}{count,12:N0}");
            }
            await output.WriteLineAsync($"{"SUPPLIES",-10}{s.SupplyLinks,12:N0}");
            return 0;
        }));
        root.Subcommands.Add(stats);

        var keyName = new Option<string>("--name") { Description = "Who holds the key (it names them in logs and the audit log).", Required = true };
        var keyRole = new Option<string>("--role") { Description = "analyst (sees values), editor (also edits) or admin (also imports and reads the audit log).", Required = true };
        var key = new Command("key", "Make an API key: prints the key (give it to its holder; it is not kept) and the settings that let the API know it by its SHA-256.") { keyName, keyRole };
        key.SetAction((result, ct) => Guard(error, async () =>
        {
            var name = result.GetValue(keyName)!.Trim();
            var role = result.GetValue(keyRole)!.Trim().ToLowerInvariant();
            if (name.Length == 0 || role is not ("analyst" or "editor" or "admin"))
            {
                await error.WriteLineAsync("--name must not be empty and --role must be analyst, editor or admin.");
                return 2;
            }
            var secret = "eco_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));
            await output.WriteLineAsync($"key       {secret}");
            await output.WriteLineAsync($"sha256    {hash}");
            await output.WriteLineAsync("settings (N: the key's index in Auth:ApiKeys):");
            await output.WriteLineAsync($"  Auth__ApiKeys__N__Name={name}");
            await output.WriteLineAsync($"  Auth__ApiKeys__N__Role={role}");
            await output.WriteLineAsync($"  Auth__ApiKeys__N__Sha256={hash}");
            await output.WriteLineAsync("callers send it as the header X-Api-Key: <key> (or Authorization: ApiKey <key>).");
            return 0;
        }));
        root.Subcommands.Add(key);

        var firmsFile = new Option<FileInfo>("--firms") { Description = "firms.csv: id,name,tax_code,ownership,country,province,park,sectors,roles,lat,lng,source", Required = true };
        var linksFile = new Option<FileInfo>("--links") { Description = "links.csv: supplier,buyer,sector,product,value_usd,since,until,confidence,source (firms by id or tax code)", Required = true };
        var sourcesFile = new Option<FileInfo?>("--sources") { Description = "sources.csv: id,title,publisher,url,date" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the files and report; write nothing." };
        var importTarget = Target();
        var importUrl = Neo4jUrl();
        var importDatabase = Neo4jDatabase();
        var import = new Command("import", "Import firms, supply links and their sources from CSV files: every bad value is reported and, if there is any, nothing is written.")
        {
            firmsFile, linksFile, sourcesFile, dryRun, importTarget, importUrl, importDatabase,
        };
        import.SetAction((result, ct) => Guard(error, async () =>
        {
            var files = new[] { result.GetValue(firmsFile)!, result.GetValue(linksFile)!, result.GetValue(sourcesFile) }.OfType<FileInfo>();
            if (files.FirstOrDefault(f => !f.Exists) is { } missing)
            {
                await error.WriteLineAsync($"error: {missing.FullName} does not exist");
                return 1;
            }
            await using var store = await OpenTargetAsync(result, importTarget, importUrl, importDatabase, output, ct);
            if (store is null)
            {
                return 1;
            }
            return await ImportAsync(store, result.GetValue(firmsFile)!, result.GetValue(linksFile)!, result.GetValue(sourcesFile), result.GetValue(dryRun), output, error, ct);
        }));
        root.Subcommands.Add(import);

        var format = new Option<string>("--format") { Description = "graphml, json, firms.csv, links.csv or sources.csv.", DefaultValueFactory = _ => "graphml" };
        var outFile = new Option<FileInfo?>("--out") { Description = "File to write (default: standard output)." };
        var firmId = new Option<string>("--firm") { Description = "The firm to start from (id).", Required = true };
        var direction = new Option<string>("--direction") { Description = "upstream (suppliers, default) or downstream (customers).", DefaultValueFactory = _ => "upstream" };
        var maxDepth = new Option<int>("--max-depth") { Description = "Tiers, 1 to 6.", DefaultValueFactory = _ => 3 };
        var chainExport = new Command("supply-chain", "A firm's supply chain: the firms within the tiers and the links that reach them.") { firmId, direction, maxDepth, format, outFile };
        chainExport.SetAction((result, ct) => Guard(error, async () =>
        {
            var dir = result.GetValue(direction)?.ToUpperInvariant();
            var depth = result.GetValue(maxDepth);
            if (dir is not ("UPSTREAM" or "DOWNSTREAM") || depth is < 1 or > 6)
            {
                await error.WriteLineAsync("error: --direction is upstream or downstream, --max-depth 1 to 6");
                return 1;
            }
            await using var store = await OpenAsync(result.GetValue(dataDir), error, ct);
            var graph = await GraphExporter.SupplyChainAsync(store, new TraversalRequest
            {
                RootIds = [result.GetValue(firmId)!],
                Direction = dir == "UPSTREAM" ? Direction.In : Direction.Out,
                MaxDepth = depth,
                Filter = new LinkFilter { AsOf = Today() },
                MaxFirms = 1_000_000,
            }, ct);
            return await WriteExportAsync(graph, result.GetValue(format)!, result.GetValue(outFile), output, error, ct);
        }));
        var province = new Option<string?>("--province") { Description = "Firms recorded in this province (code, name or id, old or new)." };
        var park = new Option<string?>("--park") { Description = "Firms located in this park (id)." };
        var corridor = new Option<string?>("--corridor") { Description = "Firms recorded in the corridor's provinces (id)." };
        var sector = new Option<string?>("--sector") { Description = "Firms of this sector or its descendants (code)." };
        var scopeExport = new Command("scope", "The firms of a province, park, corridor or sector and the links among them.") { province, park, corridor, sector, format, outFile };
        scopeExport.SetAction((result, ct) => Guard(error, async () =>
        {
            await using var store = await OpenAsync(result.GetValue(dataDir), error, ct);
            var scope = new ExportScope(result.GetValue(province), result.GetValue(park), result.GetValue(corridor), result.GetValue(sector));
            var graph = await GraphExporter.ScopeAsync(store, await scope.ToFilterAsync(store, Today(), ct), new LinkFilter { AsOf = Today() }, 10_000_000, ct);
            return await WriteExportAsync(graph, result.GetValue(format)!, result.GetValue(outFile), output, error, ct);
        }));
        root.Subcommands.Add(new Command("export", "Write a subgraph as GraphML (Gephi, networkx), JSON, or the CSV files of import.") { chainExport, scopeExport });

        var reportOut = new Option<FileInfo>("--out") { Description = "The report's CSV file (a row per input sector).", Required = true };
        var candidatesOut = new Option<FileInfo?>("--candidates-out") { Description = "The candidates' CSV file (default: the report's name with .candidates.csv)." };
        var reportProvince = new Option<string?>("--province") { Description = "Lead firms recorded in this province (code, name or id, old or new, as of --as-of)." };
        var reportPark = new Option<string?>("--park") { Description = "Lead firms located in this park (id)." };
        var reportRegion = new Option<string?>("--region") { Description = "Lead firms in this region (code, id or name)." };
        var reportCorridor = new Option<string?>("--corridor") { Description = "Lead firms in the corridor's provinces (id)." };
        var reportCountry = new Option<bool>("--country") { Description = "Every lead firm in Vietnam." };
        var sectorCode = new Option<string?>("--sector-code") { Description = "Only lead firms of this sector or its descendants (VSIC 2025 code)." };
        var level = new Option<string>("--level") { Description = "Input sectors grouped at: section, division (default), group, class or subclass.", DefaultValueFactory = _ => "division" };
        var asOf = new Option<string?>("--as-of") { Description = "Links valid on this date, yyyy-MM-dd (default: today in Vietnam)." };
        var threshold = new Option<double>("--threshold") { Description = "A gap's domestic share is below this (0 to 1).", DefaultValueFactory = _ => 0.3 };
        var minValue = new Option<double>("--min-value-usd") { Description = "A gap's foreign-sourced value is at least this.", DefaultValueFactory = _ => 0 };
        var candidatesFirst = new Option<int>("--first") { Description = "Candidates per gap (0 to 1000).", DefaultValueFactory = _ => 10 };
        var localization = new Command("localization", "Localization of the inputs of a scope's lead firms: a CSV row per input sector, and the gaps' candidate suppliers in a second CSV.")
        {
            reportProvince, reportPark, reportRegion, reportCorridor, reportCountry, sectorCode, level, asOf, threshold, minValue, candidatesFirst, reportOut, candidatesOut,
        };
        localization.SetAction((result, ct) => Guard(error, async () =>
        {
            if (!Enum.TryParse<SectorLevel>(result.GetValue(level), ignoreCase: true, out var sectorLevel) || !Enum.IsDefined(sectorLevel) || result.GetValue(level)!.All(char.IsAsciiDigit))
            {
                await error.WriteLineAsync($"error: --level must be section, division, group, class or subclass (got '{result.GetValue(level)}')");
                return 1;
            }
            var date = Today();
            if (result.GetValue(asOf) is { } asOfText && !DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out date))
            {
                await error.WriteLineAsync($"error: --as-of must be a date yyyy-MM-dd (got '{asOfText}')");
                return 1;
            }
            if (result.GetValue(candidatesFirst) is < 0 or > 1000)
            {
                await error.WriteLineAsync("error: --first must be between 0 and 1000");
                return 1;
            }
            var query = new LocalizationQuery
            {
                Scope = new FirmScope
                {
                    Province = result.GetValue(reportProvince), Park = result.GetValue(reportPark), Region = result.GetValue(reportRegion),
                    Corridor = result.GetValue(reportCorridor), Country = result.GetValue(reportCountry) ? true : null,
                },
                SectorCode = result.GetValue(sectorCode),
                Level = sectorLevel,
                AsOf = date,
                Threshold = result.GetValue(threshold),
                MinValueUsd = result.GetValue(minValue),
            };
            await using var store = await OpenAsync(result.GetValue(dataDir), error, ct);
            var directory = new Ecosystem.Graph.Rules.ProvinceDirectory((await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Province }, ct)).Items.Select(i => (Province)i.Node));
            var report = await query.RunAsync(store, directory, ct);
            var reportFile = result.GetValue(reportOut)!;
            var candidatesFile = result.GetValue(candidatesOut)
                ?? new FileInfo(Path.Combine(reportFile.DirectoryName ?? ".", Path.GetFileNameWithoutExtension(reportFile.Name) + ".candidates.csv"));
            // Both files are written in full to temporary names first, so a failure leaves no half report behind.
            var reportTemp = await WriteTempAsync(reportFile, w => Ecosystem.Graph.Data.Reports.LocalizationCsv.WriteInputsAsync(store, report, w, ct));
            try
            {
                var candidatesTemp = await WriteTempAsync(candidatesFile, w => Ecosystem.Graph.Data.Reports.LocalizationCsv.WriteCandidatesAsync(store, report, result.GetValue(candidatesFirst), w, ct));
                File.Move(candidatesTemp, candidatesFile.FullName, overwrite: true);
                File.Move(reportTemp, reportFile.FullName, overwrite: true);
            }
            finally
            {
                File.Delete(reportTemp);
            }
            await error.WriteLineAsync(
                $"{report.LeadFirmCount:N0} lead firms, {report.Inputs.Count} input sectors, {report.Gaps.Count} gaps, {report.Totals.UnknownInputSectorIds.Count} expected inputs unknown; " +
                $"domestic share {(report.DomesticShare is { } d ? (d * 100).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + "%" : "n/a")}; wrote {reportFile.FullName} and {candidatesFile.FullName}");
            return 0;
        }));
        root.Subcommands.Add(new Command("report", "Write reports as CSV.") { localization });

        var target = Target();
        var neo4jUrl = Neo4jUrl();
        var neo4jDatabase = Neo4jDatabase();
        var schema = new Command("schema", "Create the store's constraints and indexes (graph-schema/neo4j/schema.cypher for Neo4j). Re-running changes nothing.")
        {
            target, neo4jUrl, neo4jDatabase,
        };
        schema.SetAction((result, ct) => Guard(error, async () =>
        {
            switch (result.GetValue(target)?.ToLowerInvariant())
            {
                case "embedded":
                    await using (var store = await OpenAsync(result.GetValue(dataDir), output, ct))
                    {
                        await output.WriteLineAsync($"the embedded store keeps its schema in {store.FilePath}; nothing to do");
                    }
                    return 0;
                case "neo4j":
                    if (await CheckedNeo4jAsync(result.GetValue(neo4jUrl), result.GetValue(neo4jDatabase)) is not { } options)
                    {
                        return 1;
                    }
                    var count = await Ecosystem.Graph.Store.Neo4j.Neo4jSchema.ApplyAsync(Neo4jClient(options), null, ct);
                    await output.WriteLineAsync($"{count} constraints and indexes in place on {options}");
                    return 0;
                default:
                    await error.WriteLineAsync($"error: --target is embedded or neo4j (got '{result.GetValue(target)}')");
                    return 1;
            }
        }));
        root.Subcommands.Add(schema);

        var config = new InvocationConfiguration { Output = output, Error = error };
        return await root.Parse(args).InvokeAsync(config);
    }

    /// <summary>Where Neo4j requests go (a new socket handler when null); a host or test may route them elsewhere.</summary>
    public static Func<HttpMessageHandler>? Neo4jHandler { get; set; }

    /// <summary>Neo4j settings from the environment (Neo4j__Url, ...), with the command line's address and database over them; secrets only from the environment.</summary>
    private static Ecosystem.Graph.Store.Neo4j.Neo4jOptions Neo4jSettings(string? url, string? database)
    {
        string? Env(string name) => Environment.GetEnvironmentVariable("Neo4j__" + name) is { Length: > 0 } v ? v : null;
        var options = new Ecosystem.Graph.Store.Neo4j.Neo4jOptions
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

    /// <summary>The store folder: --data-dir, else Store__DataDir, else ./data.</summary>
    public static string ResolveDataDir(string? option) =>
        option ?? Environment.GetEnvironmentVariable("Store__DataDir") ?? "data";

    private static async Task<EmbeddedGraphStore> OpenAsync(string? dataDir, TextWriter output, CancellationToken ct)
    {
        var dir = ResolveDataDir(dataDir);
        var clock = Stopwatch.StartNew();
        var store = await EmbeddedGraphStore.OpenAsync(dir, ct);
        var stats = await store.GetStatsAsync(ct);
        await output.WriteLineAsync($"opened {store.FilePath}: version {stats.Version}, {stats.Nodes.Values.Sum():N0} nodes, {stats.SupplyLinks:N0} links in {clock.Elapsed.TotalSeconds:N1} s");
        return store;
    }

    private static DateOnly Today() => VietnamTime.Today(TimeProvider.System);

    private static async Task<int> WriteExportAsync(Subgraph graph, string formatText, FileInfo? outFile, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var format = GraphExporter.ParseFormat(formatText);
        if (outFile is null)
        {
            using var buffer = new MemoryStream();
            await GraphExporter.WriteAsync(graph, format, buffer, ct);
            await output.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            await using var file = outFile.Create();
            await GraphExporter.WriteAsync(graph, format, file, ct);
        }
        await error.WriteLineAsync($"exported {graph.Firms.Count:N0} firms, {graph.Links.Count:N0} links, {graph.Sources.Count:N0} sources{(graph.Truncated ? " (cut at the cap)" : "")}");
        return 0;
    }

    /// <summary>Writes a file's content under a temporary name beside it and returns that name (moved into place by the caller).</summary>
    private static async Task<string> WriteTempAsync(FileInfo file, Func<TextWriter, Task> write)
    {
        var temp = file.FullName + ".tmp";
        try
        {
            await using var writer = new StreamWriter(temp, false, new System.Text.UTF8Encoding(false));
            await write(writer);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        return temp;
    }

    public static async Task<int> ImportAsync(IGraphStore store, FileInfo firms, FileInfo links, FileInfo? sources, bool dryRun, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var firmsReader = firms.OpenText();
        using var linksReader = links.OpenText();
        using var sourcesReader = sources?.OpenText();
        var files = new ImportFiles(firmsReader, firms.Name, linksReader, links.Name, sourcesReader, sources?.Name ?? "sources.csv");
        var today = VietnamTime.Today(TimeProvider.System);
        // Every import is in the audit log, under the local user who ran it.
        var audit = new AuditInfo($"{Environment.UserName}@{Environment.MachineName} (seed import)", "import", DateTimeOffset.UtcNow, $"{firms.Name}, {links.Name}{(sources is null ? "" : ", " + sources.Name)}");
        var report = await new SupplyImporter(store).ImportAsync(files, dryRun, today, new SyncProgress(output, clock), ct, audit);
        if (report.Errors.Count > 0)
        {
            await error.WriteLineAsync($"error: {report.Errors.Count:N0} problem(s); nothing was written:");
            foreach (var e in report.Errors)
            {
                await error.WriteLineAsync($"  {e}");
            }
            return 1;
        }
        await output.WriteLineAsync(dryRun
            ? $"dry run: {report.Firms:N0} firms, {report.Links:N0} links and {report.Sources:N0} sources are valid; nothing was written"
            : report.Written
                ? $"imported {report.Firms:N0} firms, {report.Links:N0} links and {report.Sources:N0} sources: {report.NodesWritten:N0} nodes and {report.LinksWritten:N0} links written, version {report.Version}, {clock.Elapsed.TotalSeconds:N1} s"
                : $"already imported: {report.Firms:N0} firms, {report.Links:N0} links; nothing changed (version {report.Version})");
        return 0;
    }

    /// <summary>A load: on Neo4j in batches of their own transactions with progress (re-running completes a cut load), elsewhere one change set.</summary>
    private static Task<ChangeResult> WriteAsync(IGraphStore store, ChangeSet changes, IProgress<string> progress, CancellationToken ct) =>
        store is Ecosystem.Graph.Store.Neo4j.Neo4jGraphStore neo4j ? neo4j.LoadAsync(changes, progress, ct) : store.ApplyAsync(changes, ct);

    public static async Task LoadReferenceAsync(IGraphStore store, TextWriter output, CancellationToken ct)
    {
        var changes = ReferenceData.Load();
        var counts = changes.UpsertNodes.GroupBy(n => n.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count():N0}");
        await output.WriteLineAsync($"reference data: {string.Join(", ", counts)}");
        var result = await WriteAsync(store, changes, new SyncProgress(output, Stopwatch.StartNew()), ct);
        await output.WriteLineAsync(result.Changed
            ? $"reference data written: {result.NodesWritten:N0} nodes, version {result.Version}"
            : $"reference data already present: nothing changed (version {result.Version})");
    }

    public static async Task LoadSyntheticAsync(IGraphStore store, int firms, int seed, double linksPerFirm, TextWriter output, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var reference = ReferenceData.Load().UpsertNodes;
        var generator = new SyntheticNetwork { FirmCount = firms, Seed = seed, LinksPerFirm = linksPerFirm };
        var changes = generator.Generate(reference, new SyncProgress(output, clock));
        await output.WriteLineAsync($"generated {changes.UpsertNodes.Count(n => n is Firm):N0} firms and {changes.UpsertLinks.Count:N0} supply links (seed {seed}) in {clock.Elapsed.TotalSeconds:N1} s; writing");
        var result = await WriteAsync(store, changes, new SyncProgress(output, clock), ct);
        await output.WriteLineAsync(result.Changed
            ? $"synthetic network written: {result.NodesWritten:N0} nodes, {result.LinksWritten:N0} links, version {result.Version}, {clock.Elapsed.TotalSeconds:N1} s in all"
            : $"synthetic network already present: nothing changed (version {result.Version})");
    }

    private sealed class SyncProgress(TextWriter output, Stopwatch clock) : IProgress<string>
    {
        public void Report(string value) => output.WriteLine($"  {clock.Elapsed.TotalSeconds,6:N1} s  {value}");
    }

    private static async Task<int> Guard(TextWriter error, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (ChangeSetRejectedException ex)
        {
            await error.WriteLineAsync($"error: the change was refused; nothing was written. {ex.Errors.Count} problem(s):");
            foreach (var e in ex.Errors.Take(50))
            {
                await error.WriteLineAsync($"  {e}");
            }
            return 1;
        }
        catch (StoreUnavailableException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return 2;
        }
        catch (Ecosystem.Graph.Store.Neo4j.Neo4jClientException ex)
        {
            await error.WriteLineAsync($"error: Neo4j refused the request ({ex.Code}): {ex.Message}");
            return 1;
        }
        catch (ScopeException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
        catch (LocalizationArgumentException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
        catch (ExportException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
        catch (StoreFileException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return 2;
        }
        catch (Exception ex) when (ex is CsvException or FileNotFoundException or DirectoryNotFoundException or FormatException)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("cancelled; nothing of the interrupted change was written.");
            return 130;
        }
    }
}
