using System.CommandLine;
using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Data.Export;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Seed.Commands;

/// <summary>seed report localization: the localization report and its candidates as CSV.</summary>
internal static class ReportCommand
{
    public static Command Create(SeedContext s)
    {
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
        localization.SetAction((result, ct) => s.Guard(async () =>
        {
            if (!Enum.TryParse<SectorLevel>(result.GetValue(level), ignoreCase: true, out var sectorLevel) || !Enum.IsDefined(sectorLevel) || result.GetValue(level)!.All(char.IsAsciiDigit))
            {
                await s.Error.WriteLineAsync($"error: --level must be section, division, group, class or subclass (got '{result.GetValue(level)}')");
                return 1;
            }
            var date = SeedContext.Today();
            if (result.GetValue(asOf) is { } asOfText && !DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out date))
            {
                await s.Error.WriteLineAsync($"error: --as-of must be a date yyyy-MM-dd (got '{asOfText}')");
                return 1;
            }
            if (result.GetValue(candidatesFirst) is < 0 or > 1000)
            {
                await s.Error.WriteLineAsync("error: --first must be between 0 and 1000");
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
            await using var store = await s.OpenAsync(result, s.Error, ct);
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
            await s.Error.WriteLineAsync(
                $"{report.LeadFirmCount:N0} lead firms, {report.Inputs.Count} input sectors, {report.Gaps.Count} gaps, {report.Totals.UnknownInputSectorIds.Count} expected inputs unknown; " +
                $"domestic share {(report.DomesticShare is { } d ? (d * 100).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + "%" : "n/a")}; wrote {reportFile.FullName} and {candidatesFile.FullName}");
            return 0;
        }));
        return new Command("report", "Write reports as CSV.") { localization };
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
}
