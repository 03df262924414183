using System.Diagnostics;
using System.Globalization;
using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;

namespace Ecosystem.Benchmarks;

/// <summary>
/// Part-level matching and product gaps at national scale: <c>sourcing --data-dir DIR [--repeat 11] [--items 40]
/// [--verbose] [--gaps-only]</c> (--verbose: each item's time and matches; --gaps-only: the product gaps alone).
/// Items are the synthetic network's sourcing requests' (what FDI lead firms buy abroad, by HS subheading, with the
/// certificate their division asks for), matched for their own buyer: each item alone (medians over the items of each
/// item's median), a request of 50 of them matched one item after another as a request page asks for them, and the
/// product gaps of a region, a province and the country (gaps alone, then with 5 matches for each of the first 10).
/// </summary>
public static class SourcingBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var dataDir = Arg("--data-dir") ?? throw new ArgumentException("--data-dir is required");
        var repeat = int.Parse(Arg("--repeat") ?? "11", CultureInfo.InvariantCulture);
        var itemCount = int.Parse(Arg("--items") ?? "40", CultureInfo.InvariantCulture);
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        var clock = Stopwatch.StartNew();
        await using var store = await EmbeddedGraphStore.OpenAsync(dataDir);
        var stats = await store.GetStatsAsync();
        var requests = (await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.SourcingRequest, First = int.MaxValue })).Items.Select(i => (SourcingRequest)i.Node).ToList();
        Console.WriteLine($"store: {stats.Nodes.GetValueOrDefault(NodeKind.Firm):N0} firms, {stats.SupplyLinks:N0} links, {requests.Count:N0} sourcing requests, opened in {clock.Elapsed.TotalSeconds:N1} s");
        var asOf = VietnamTime.Today(TimeProvider.System);
        var items = requests.SelectMany(r => r.Items.Select(i => (r.BuyerId, Item: i))).ToList();
        if (items.Count == 0)
        {
            Console.WriteLine("no sourcing request in the store: generate it with `seed synthetic`");
            return 1;
        }
        // Spread over the requests: every k-th item.
        var step = Math.Max(1, items.Count / itemCount);
        var sample = items.Where((_, k) => k % step == 0).Take(itemCount).ToList();

        if (!args.Contains("--gaps-only"))
        {
            await ItemsAsync(store, items, sample, asOf, repeat, args.Contains("--verbose"));
        }

        var directory = new ProvinceDirectory((await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Province })).Items.Select(i => (Province)i.Node));
        Console.WriteLine("product gaps (headings)                  leads   coded links   gaps   gaps p50   gaps max   + 10 x 5 matches p50");
        foreach (var (name, scope) in new[]
        {
            ("region Đồng bằng sông Hồng", new FirmScope { Region = "Đồng bằng sông Hồng" }),
            ("region Đông Nam Bộ", new FirmScope { Region = "Đông Nam Bộ" }),
            ("province Hải Phòng", new FirmScope { Province = "Hải Phòng" }),
            ("country", new FirmScope { Country = true }),
        })
        {
            var query = new ProductGapQuery { Scope = scope, AsOf = asOf };
            // The first call (not timed) gives the counts the row shows.
            var report = await query.RunAsync(store, directory, default);
            var times = new List<double>();
            for (var r = 0; r < repeat; r++)
            {
                var t = Stopwatch.GetTimestamp();
                report = await query.RunAsync(store, directory, default);
                times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
            var withMatches = new List<double>();
            for (var r = 0; r < Math.Max(3, repeat / 2); r++)
            {
                var t = Stopwatch.GetTimestamp();
                var again = await query.RunAsync(store, directory, default);
                foreach (var gap in again.Gaps.Take(10))
                {
                    await store.MatchSourcingAsync([new SourcingMatchRequest(gap.Purchase.TopForeignBuyerId!, new SourcingItem { Key = "gap", ProductId = gap.Purchase.ProductId }, asOf, 5, false)]);
                }
                withMatches.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
            Console.WriteLine(FormattableString.Invariant(
                $"{name,-40} {report.Purchases.LeadFirmCount,6:N0} {report.Purchases.Products.Sum(p => p.LinkCount),13:N0} {report.Gaps.Count,6:N0} {Median(times),8:N1} ms {times.Max(),7:N1} ms {Median(withMatches),12:N1} ms"));
        }
        // A product page's lead firms buying it abroad: the country's links under one product (the first gap's heading).
        var top = (await new ProductGapQuery { Scope = new FirmScope { Country = true }, AsOf = asOf }.RunAsync(store, directory, default)).Gaps[0].Purchase.ProductId;
        var page = new List<double>();
        for (var r = 0; r < repeat; r++)
        {
            var t = Stopwatch.GetTimestamp();
            await store.ProductPurchasesAsync(new ProductPurchaseRequest { Scope = new NodeFilter { Countries = ["VN"] }, Level = ProductLevel.Heading, AsOf = asOf, Under = top });
            page.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        Console.WriteLine(FormattableString.Invariant($"Product.buyersAbroad of {top} (every lead firm's links read): p50 {Median(page):N1} ms, max {page.Max():N1} ms"));
        return 0;
    }

    /// <summary>Items matched one at a time, then a request of 50.</summary>
    private static async Task ItemsAsync(EmbeddedGraphStore store, List<(string BuyerId, SourcingItem Item)> items, List<(string BuyerId, SourcingItem Item)> sample, DateOnly asOf, int repeat, bool verbose)
    {
            // Warm-up: the first calls compile the code.
            foreach (var (buyer, item) in sample.Take(3))
            {
                await store.MatchSourcingAsync([new SourcingMatchRequest(buyer, item, asOf, 10, false)]);
            }
            var perItem = new List<double>();
            var candidates = new List<int>();
            foreach (var (buyer, item) in sample)
            {
                var times = new List<double>();
                IReadOnlyList<SourcingMatch> found = [];
                for (var r = 0; r < repeat; r++)
                {
                    var t = Stopwatch.GetTimestamp();
                    found = (await store.MatchSourcingAsync([new SourcingMatchRequest(buyer, item, asOf, 10, false)]))[0];
                    times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                }
                perItem.Add(Median(times));
                if (verbose)
                {
                    Console.WriteLine(FormattableString.Invariant($"  {item.ProductId} certs [{string.Join(", ", item.RequiredStandardIds)}] max {item.MaxDistanceKm} km: {Median(times):N1} ms, {found.Count} matches, best {(found.Count > 0 ? found[0].Score : 0)}, last {(found.Count > 0 ? found[^1].Score : 0)}"));
                }
                candidates.Add(found.Count);
                // With firms lacking a certificate kept: every firm of the product's chapter and sectors is scored.
                times.Clear();
            }
            var partial = new List<double>();
            foreach (var (buyer, item) in sample)
            {
                var t = Stopwatch.GetTimestamp();
                await store.MatchSourcingAsync([new SourcingMatchRequest(buyer, item, asOf, 10, true)]);
                partial.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
            Console.WriteLine(FormattableString.Invariant(
                $"one item, 10 matches: p50 {Median(perItem):N1} ms, p90 {Percentile(perItem, 0.9):N1} ms, max {perItem.Max():N1} ms over {sample.Count} items ({repeat} calls each; matches found p50 {Median([.. candidates.Select(c => (double)c)]):N0}); with includePartial p50 {Median(partial):N1} ms, max {partial.Max():N1} ms"));

            // A request of 50 items (the sample's items, cycled), each item asked on its own as the request page's resolvers do.
            var fifty = Enumerable.Range(0, 50).Select(k => items[(k * Math.Max(1, items.Count / 50)) % items.Count]).ToList();
            var whole = new List<double>();
            for (var r = 0; r < Math.Max(3, repeat / 2); r++)
            {
                var t = Stopwatch.GetTimestamp();
                foreach (var (buyer, item) in fifty)
                {
                    await store.MatchSourcingAsync([new SourcingMatchRequest(buyer, item, asOf, 10, false)]);
                }
                whole.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
            Console.WriteLine(FormattableString.Invariant($"a 50-item request, 10 matches an item: p50 {Median(whole):N1} ms, max {whole.Max():N1} ms ({whole.Count} runs)"));
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
    }
}
