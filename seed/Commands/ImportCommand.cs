using System.CommandLine;
using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Data.Export;
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
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the files and report; write nothing." };
        var importTarget = SeedContext.Target();
        var importUrl = SeedContext.Neo4jUrl();
        var importDatabase = SeedContext.Neo4jDatabase();
        var import = new Command("import", "Import firms, supply links and their sources from CSV files: every bad value is reported and, if there is any, nothing is written.")
        {
            firmsFile, linksFile, sourcesFile, capabilitiesFile, sourcingFile, dryRun, importTarget, importUrl, importDatabase,
        };
        import.SetAction((result, ct) => s.Guard(async () =>
        {
            var given = new ImportPaths(result.GetValue(firmsFile), result.GetValue(linksFile), result.GetValue(sourcesFile), result.GetValue(capabilitiesFile), result.GetValue(sourcingFile));
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
            return await SeedLoads.ImportAsync(store, given, result.GetValue(dryRun), s.Output, s.Error, ct);
        }));
        return import;
    }
}
