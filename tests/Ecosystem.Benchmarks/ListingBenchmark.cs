using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;

namespace Ecosystem.Benchmarks;

/// <summary>
/// The listings front ends page through, on a store at scale: firms(first: 20) with each filter clients use (province
/// new and old, park, sector with descendants, role, ownership, country, tax code) and a combination, and parks by
/// province, kind, status and priority sector; each with its exact totalCount. Through the store, and with --api also
/// through GraphQL (firms and firm(taxCode)). Medians and p99 of --repeat calls after one warm-up call.
/// </summary>
public static class ListingBenchmark
{
    private sealed record Case(string Name, NodeKind Kind, NodeFilter Filter, string? Graphql);

    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var dataDir = Arg("--data-dir") ?? throw new ArgumentException("--data-dir is required");
        var repeat = int.Parse(Arg("--repeat") ?? "9", CultureInfo.InvariantCulture);
        var api = Arg("--api");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        var clock = Stopwatch.StartNew();
        await using var store = await EmbeddedGraphStore.OpenAsync(dataDir);
        var stats = await store.GetStatsAsync();
        Console.WriteLine($"store: {stats.Nodes.GetValueOrDefault(NodeKind.Firm):N0} firms, {stats.SupplyLinks:N0} links, opened in {clock.Elapsed.TotalSeconds:N1} s");
        var cases = await CasesAsync(store);
        // The first filtered listing of a snapshot builds its posting lists.
        var first = Stopwatch.GetTimestamp();
        await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, Filter = cases[1].Filter, First = 20 });
        Console.WriteLine(FormattableString.Invariant($"first filtered listing after open (builds the firms' posting lists): {Stopwatch.GetElapsedTime(first).TotalMilliseconds:N1} ms"));
        Console.WriteLine("listing (first 20, with totalCount)                 totalCount    p50 ms    p99 ms");
        foreach (var c in cases)
        {
            var (count, times) = await TimeAsync(repeat, async () => (await store.ListNodesAsync(new NodeQuery { Kind = c.Kind, Filter = c.Filter, First = 20 })).TotalCount);
            Console.WriteLine(FormattableString.Invariant($"{c.Name,-50} {count,12:N0} {Median(times),9:N2} {Percentile(times, 0.99),9:N2}"));
        }
        if (api is not null)
        {
            await ThroughHttpAsync(api, cases, repeat);
        }
        return 0;
    }

    /// <summary>Filter values taken from the data: the province with most firms, a park with firms, a firm's tax code.</summary>
    private static async Task<List<Case>> CasesAsync(EmbeddedGraphStore store)
    {
        var snap = store.Snapshot;
        var directory = new ProvinceDirectory((await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Province })).Items.Select(i => (Province)i.Node));
        var today = VietnamTime.Today(TimeProvider.System);
        var firms = snap.KindOrder(NodeKind.Firm).Select(n => (Firm)snap.Nodes[n]!).ToList();
        var topProvince = directory.ById(firms.Where(f => f.ProvinceId is not null).GroupBy(f => f.ProvinceId!).MaxBy(g => g.Count())!.Key)!;
        var current = directory.RollUp(topProvince, today);
        var park = firms.Where(f => f.ParkId is not null).GroupBy(f => f.ParkId!).MaxBy(g => g.Count())!.Key;
        // A firm's tax code, or a valid one no firm has (the lookup costs the same to find nothing).
        var taxCode = firms.FirstOrDefault(f => f.TaxCode is not null)?.TaxCode ?? "0100233488";
        var newScope = directory.ScopeIds(current, today);
        var oldScope = directory.ScopeIds(topProvince, ProvinceDirectory.MergerDate.AddDays(-1));
        return
        [
            new($"firms, no filter", NodeKind.Firm, new NodeFilter(), "{}"),
            new($"firms in {current.Name} (today)", NodeKind.Firm, new NodeFilter { ProvinceIds = newScope }, $"{{ province: \"{current.Name}\" }}"),
            new($"firms in {topProvince.Name} as of 2025-06-30", NodeKind.Firm, new NodeFilter { ProvinceIds = oldScope }, $"{{ province: \"{topProvince.Id}\" }}"),
            new($"firms in {NodeIds.Local(park)}", NodeKind.Firm, new NodeFilter { ParkIds = [park] }, $"{{ park: \"{park}\" }}"),
            new("firms of sector 26 (and below)", NodeKind.Firm, new NodeFilter { SectorIds = ["sector:26"] }, "{ sector: \"26\" }"),
            new("lead firms", NodeKind.Firm, new NodeFilter { Roles = [FirmRole.LeadFirm] }, "{ role: [LEAD_FIRM] }"),
            new("FDI firms", NodeKind.Firm, new NodeFilter { Ownerships = [Ownership.Fdi] }, "{ ownership: [FDI] }"),
            new("firms in CN", NodeKind.Firm, new NodeFilter { Countries = ["CN"] }, "{ country: [\"CN\"] }"),
            new($"firm with tax code {taxCode}", NodeKind.Firm, new NodeFilter { TaxCodes = [taxCode] }, null),
            new($"lead firms of 26 in {current.Name}", NodeKind.Firm, new NodeFilter { ProvinceIds = newScope, SectorIds = ["sector:26"], Roles = [FirmRole.LeadFirm] },
                $"{{ province: \"{current.Name}\", sector: \"26\", role: [LEAD_FIRM] }}"),
            new($"parks in {current.Name}", NodeKind.Park, new NodeFilter { ProvinceIds = newScope }, null),
            new("operating KCN parks for 26", NodeKind.Park, new NodeFilter { ParkKinds = [ParkKind.IndustrialPark], ParkStatuses = [ParkStatus.Operating], PrioritySectorIds = ["sector:26"] }, null),
        ];
    }

    private static async Task ThroughHttpAsync(string api, List<Case> cases, int repeat)
    {
        using var http = BenchmarkHttp.Client(api, TimeSpan.FromMinutes(2));
        Console.WriteLine($"through GraphQL ({api}), a new alias each call so that no cache answers:");
        var round = 0;
        foreach (var c in cases.Where(c => c.Graphql is not null))
        {
            var (count, times) = await TimeAsync(repeat, async () =>
            {
                var query = $"{{ a{round++}: firms(first: 20, where: {c.Graphql}) {{ totalCount nodes {{ id name province {{ name }} }} }} }}";
                using var response = await http.PostAsJsonAsync("/graphql", new { query });
                var body = await response.Content.ReadAsStringAsync();
                return response.IsSuccessStatusCode && !body.Contains("\"errors\"", StringComparison.Ordinal) ? body.Length : throw new InvalidOperationException(body[..Math.Min(300, body.Length)]);
            });
            Console.WriteLine(FormattableString.Invariant($"  {c.Name,-50} {Median(times),9:N2} ms p50 {Percentile(times, 0.99),9:N2} ms p99"));
        }
        var taxCode = cases.First(c => c.Filter.TaxCodes is not null).Filter.TaxCodes!.First();
        var (_, taxTimes) = await TimeAsync(repeat, async () =>
        {
            using var response = await http.PostAsJsonAsync("/graphql", new { query = $"{{ a{round++}: firm(taxCode: \"{taxCode}\") {{ id name }} }}" });
            return (await response.Content.ReadAsStringAsync()).Length;
        });
        Console.WriteLine(FormattableString.Invariant($"  firm(taxCode: \"{taxCode}\") {Median(taxTimes),9:N2} ms p50 {Percentile(taxTimes, 0.99),9:N2} ms p99"));
    }

    /// <summary>One warm-up call, then the repeats timed; the last answer's number.</summary>
    private static async Task<(int Result, List<double> Times)> TimeAsync(int repeat, Func<Task<int>> call)
    {
        var result = await call();
        var times = new List<double>();
        for (var r = 0; r < repeat; r++)
        {
            var t = Stopwatch.GetTimestamp();
            result = await call();
            times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        return (result, times);
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}
