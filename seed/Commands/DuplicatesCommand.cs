using System.CommandLine;
using System.Globalization;
using Ecosystem.Graph.Data;
using Ecosystem.Graph.Matching;

namespace Ecosystem.Seed.Commands;

/// <summary>seed duplicates: probable duplicate firms in the graph, as CSV, for mergeFirms.</summary>
internal static class DuplicatesCommand
{
    public static Command Create(SeedContext s)
    {
        var minScore = new Option<double>("--min-score") { Description = "The lowest score (0-1) a pair is listed with.", DefaultValueFactory = _ => 0.8 };
        var first = new Option<int>("--first") { Description = "How many pairs at most, highest score first.", DefaultValueFactory = _ => 100 };
        var duplicates = new Command("duplicates", "List probable duplicate firms (score, both firms, the evidence) as CSV, for mergeFirms.") { minScore, first };
        duplicates.SetAction((result, ct) => s.Guard(async () =>
        {
            var (min, count) = (result.GetValue(minScore), result.GetValue(first));
            if (min is < 0 or > 1 || count < 1)
            {
                await s.Error.WriteLineAsync("--min-score must be from 0 to 1 and --first at least 1.");
                return 1;
            }
            await using var store = await s.OpenAsync(result, s.Error, ct);
            var matcher = await MatchRecords.LoadMatcherAsync(store, ct);
            var pairs = matcher.Duplicates(min, count, ct);
            await s.Output.WriteLineAsync(Csv.Line("score", "firm_id", "firm_name", "other_id", "other_name", "evidence"));
            foreach (var pair in pairs)
            {
                await s.Output.WriteLineAsync(Csv.Line(
                    Math.Round(pair.Score * 100, 1).ToString(CultureInfo.InvariantCulture), pair.FirmId, pair.Name, pair.OtherId, pair.OtherName,
                    string.Join("; ", pair.Features.Select(f => f.Evidence))));
            }
            await s.Error.WriteLineAsync($"{pairs.Count} pairs at {min:0.##} or more among {matcher.Count:N0} firms");
            return 0;
        }));
        return duplicates;
    }
}
