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
        var o = new Options();
        var localization = new Command("localization", "Localization of the inputs of a scope's lead firms: a CSV row per input sector, and the gaps' candidate suppliers in a second CSV.")
        {
            o.Province, o.Park, o.Region, o.Corridor, o.Country, o.SectorCode, o.Level, o.AsOf, o.Threshold, o.MinValue, o.First, o.Out, o.CandidatesOut,
        };
        localization.SetAction((result, ct) => s.Guard(async () =>
        {
            if (await QueryAsync(s, o, result) is not { } query)
            {
                return 1;
            }
            await using var store = await s.OpenAsync(result, s.Error, ct);
            var directory = await ProvinceDirectory.LoadAsync(store, ct);
            var report = await query.RunAsync(store, directory, ct);
            await WriteAsync(s, store, report, result.GetValue(o.Out)!, result.GetValue(o.CandidatesOut), result.GetValue(o.First), ct);
            return 0;
        }));
        return new Command("report", "Write reports as CSV.") { localization };
    }

    /// <summary>The options of seed report localization.</summary>
    private sealed class Options
    {
        public Option<FileInfo> Out { get; } = new("--out") { Description = "The report's CSV file (a row per input sector).", Required = true };
        public Option<FileInfo?> CandidatesOut { get; } = new("--candidates-out") { Description = "The candidates' CSV file (default: the report's name with .candidates.csv)." };
        public Option<string?> Province { get; } = new("--province") { Description = "Lead firms recorded in this province (code, name or id, old or new, as of --as-of)." };
        public Option<string?> Park { get; } = new("--park") { Description = "Lead firms located in this park (id)." };
        public Option<string?> Region { get; } = new("--region") { Description = "Lead firms in this region (code, id or name)." };
        public Option<string?> Corridor { get; } = new("--corridor") { Description = "Lead firms in the corridor's provinces (id)." };
        public Option<bool> Country { get; } = new("--country") { Description = "Every lead firm in Vietnam." };
        public Option<string?> SectorCode { get; } = new("--sector-code") { Description = "Only lead firms of this sector or its descendants (VSIC 2025 code)." };
        public Option<string> Level { get; } = new("--level") { Description = "Input sectors grouped at: section, division (default), group, class or subclass.", DefaultValueFactory = _ => "division" };
        public Option<string?> AsOf { get; } = new("--as-of") { Description = "Links valid on this date, yyyy-MM-dd (default: today in Vietnam)." };
        public Option<double> Threshold { get; } = new("--threshold") { Description = "A gap's domestic share is below this (0 to 1).", DefaultValueFactory = _ => 0.3 };
        public Option<double> MinValue { get; } = new("--min-value-usd") { Description = "A gap's foreign-sourced value is at least this.", DefaultValueFactory = _ => 0 };
        public Option<int> First { get; } = new("--first") { Description = "Candidates per gap (0 to 1000).", DefaultValueFactory = _ => 10 };
    }

    /// <summary>The report's question from the options, or null with the reason written.</summary>
    private static async Task<LocalizationQuery?> QueryAsync(SeedContext s, Options o, ParseResult result)
    {
        if (!Enum.TryParse<SectorLevel>(result.GetValue(o.Level), ignoreCase: true, out var sectorLevel) || !Enum.IsDefined(sectorLevel) || result.GetValue(o.Level)!.All(char.IsAsciiDigit))
        {
            await s.Error.WriteLineAsync($"error: --level must be section, division, group, class or subclass (got '{result.GetValue(o.Level)}')");
            return null;
        }
        var date = SeedContext.Today();
        if (result.GetValue(o.AsOf) is { } asOfText && !DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out date))
        {
            await s.Error.WriteLineAsync($"error: --as-of must be a date yyyy-MM-dd (got '{asOfText}')");
            return null;
        }
        if (result.GetValue(o.First) is < 0 or > 1000)
        {
            await s.Error.WriteLineAsync("error: --first must be between 0 and 1000");
            return null;
        }
        return new LocalizationQuery
        {
            Scope = new FirmScope
            {
                Province = result.GetValue(o.Province), Park = result.GetValue(o.Park), Region = result.GetValue(o.Region),
                Corridor = result.GetValue(o.Corridor), Country = result.GetValue(o.Country) ? true : null,
            },
            SectorCode = result.GetValue(o.SectorCode),
            Level = sectorLevel,
            AsOf = date,
            Threshold = result.GetValue(o.Threshold),
            MinValueUsd = result.GetValue(o.MinValue),
        };
    }

    /// <summary>Both files, each written in full under a temporary name first, so a failure leaves no half report behind.</summary>
    private static async Task WriteAsync(SeedContext s, IGraphStore store, LocalizationReport report, FileInfo reportFile, FileInfo? candidatesOut, int first, CancellationToken ct)
    {
        var candidatesFile = candidatesOut
            ?? new FileInfo(Path.Combine(reportFile.DirectoryName ?? ".", Path.GetFileNameWithoutExtension(reportFile.Name) + ".candidates.csv"));
        var reportTemp = await WriteTempAsync(reportFile, w => Ecosystem.Graph.Data.Reports.LocalizationCsv.WriteInputsAsync(store, report, w, ct));
        try
        {
            var candidatesTemp = await WriteTempAsync(candidatesFile, w => Ecosystem.Graph.Data.Reports.LocalizationCsv.WriteCandidatesAsync(store, report, first, w, ct));
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
