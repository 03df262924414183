using System.CommandLine;
using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Data.Export;
using Ecosystem.Graph.Data.Import;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Seed.Commands;

/// <summary>seed import: firms, links and sources from CSV files.</summary>
internal static class ImportCommand
{
    public static Command Create(SeedContext s)
    {
        var firmsFile = new Option<FileInfo?>("--firms") { Description = "firms.csv: id,name,tax_code,ownership,country,province,park,sectors,roles,lat,lng,source, optionally origin_country,size,employees,founded_year,revenue_usd,alliances,address,ward" };
        var linksFile = new Option<FileInfo?>("--links") { Description = "links.csv: supplier,buyer,sector,product,value_usd,since,until,confidence,source (firms by id or tax code)" };
        var sourcesFile = new Option<FileInfo?>("--sources") { Description = "sources.csv: id,title,publisher,url,date" };
        var capabilitiesFile = new Option<FileInfo?>("--capabilities") { Description = "capabilities.csv: firm,kind,code,detail,capacity,unit,valid_from,valid_to,verified,source[,issuer]; the firms it names get exactly these facts as their profile" };
        var sourcingFile = new Option<FileInfo?>("--sourcing") { Description = "sourcing.csv, one row per item: request,buyer,title,posted_on,needed_by,status,item,hs_code,sector,description,annual_quantity,unit,required_certifications,required_processes,max_distance_km,source[,provinces,restricted]" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the files and report (with --match, the match of every row); write nothing." };
        var match = new Option<bool>("--match")
        {
            Description = "Match firm rows without an id (and links' ends given by name, with supplier_province, buyer_province) against the graph: sure matches update the firm they match, rows nothing comes near become new firms, the others are held back and written to the review file. A firm row needs only a name.",
        };
        var review = new Option<FileInfo?>("--review") { Description = "Where the rows held back for review go (CSV: file,row,name,score,candidate_ids,candidate_names,evidence); default beside the firms file, NAME.review.csv." };
        var source = new Option<string?>("--source") { Description = "Source id(s), ';'-separated, cited by the firm and link rows that name none (the source must be in the graph or in --sources)." };
        var format = new Option<string>("--format") { Description = "The firms file's format: csv (ours) or open-supply-hub (an Open Supply Hub facility download; facilities in Vietnam are matched, others skipped).", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "open-supply-hub");
        var file = new Argument<FileInfo?>("file") { Description = "The firms file (the same as --firms).", Arity = ArgumentArity.ZeroOrOne };
        var importTarget = SeedContext.Target();
        var importUrl = SeedContext.Neo4jUrl();
        var importDatabase = SeedContext.Neo4jDatabase();
        var import = new Command("import", "Import firms, supply links and their sources from CSV files: every bad value is reported and, if there is any, nothing is written.")
        {
            firmsFile, linksFile, sourcesFile, capabilitiesFile, sourcingFile, dryRun, match, review, source, format, file, importTarget, importUrl, importDatabase,
        };
        import.SetAction((result, ct) => s.Guard(async () =>
        {
            if (result.GetValue(file) is not null && result.GetValue(firmsFile) is not null)
            {
                await s.Error.WriteLineAsync("error: give the firms file once, as --firms or as the argument");
                return 1;
            }
            var given = new ImportPaths(result.GetValue(firmsFile) ?? result.GetValue(file), result.GetValue(linksFile), result.GetValue(sourcesFile), result.GetValue(capabilitiesFile), result.GetValue(sourcingFile));
            var osh = result.GetValue(format) == "open-supply-hub";
            if (osh && given.Firms is null)
            {
                await s.Error.WriteLineAsync("error: --format open-supply-hub needs the download: seed import --format open-supply-hub FILE.csv");
                return 1;
            }
            var options = new ImportOptions
            {
                Match = result.GetValue(match) || osh,
                FirmsFormat = osh ? FirmsFormat.OpenSupplyHub : FirmsFormat.Csv,
                DefaultSources = result.GetValue(source) is { } cited ? cited.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [],
            };
            var beside = given.Firms ?? given.Links;
            var reviewFile = result.GetValue(review)
                ?? (beside is null ? null : new FileInfo(Path.Combine(beside.DirectoryName ?? ".", Path.GetFileNameWithoutExtension(beside.Name) + ".review.csv")));
            var files = given.All.ToList();
            if (files.Count == 0)
            {
                await s.Error.WriteLineAsync("error: give at least one of --firms, --links, --sources, --capabilities, --sourcing");
                return 1;
            }
            if (files.FirstOrDefault(f => !f.Exists) is { } missing)
            {
                await s.Error.WriteLineAsync($"error: {missing.FullName} does not exist");
                return 1;
            }
            await using var store = await s.OpenTargetAsync(result, importTarget, importUrl, importDatabase, s.Output, ct);
            if (store is null)
            {
                return 1;
            }
            return await SeedLoads.ImportAsync(store, given, result.GetValue(dryRun), s.Output, s.Error, ct, options, reviewFile);
        }));
        return import;
    }
}
