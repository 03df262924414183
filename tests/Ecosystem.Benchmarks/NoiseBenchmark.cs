using System.Diagnostics;
using System.Globalization;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;

namespace Ecosystem.Benchmarks;

/// <summary>
/// How well the noise of published sums (README, disclosure rule 5) hides each firm's own totals, and what it costs:
/// <c>noise --data-dir DIR [--firms N]</c> (the first N firms by id; all by default). With a random key, for every firm
/// with links of known value: its purchases and its sales summed with the noise against their true sums. Purchases are
/// bound to be 10-20% off; sales to several buyers can partly cancel, and the table says how often they come close.
/// </summary>
public static class NoiseBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var dataDir = Arg("--data-dir") ?? throw new ArgumentException("--data-dir is required");
        var limit = int.Parse(Arg("--firms") ?? int.MaxValue.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        await using var store = await EmbeddedGraphStore.OpenAsync(dataDir);
        var noise = new ValueNoise(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var purchases = new List<double>();
        var sales = new List<(int Buyers, double Off)>();
        long links = 0;
        var hashing = new Stopwatch();
        string? after = null;
        var seen = 0;
        while (seen < limit)
        {
            var page = await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, First = Math.Min(5_000, limit - seen), After = after });
            if (page.Items.Count == 0)
            {
                break;
            }
            var ids = page.Items.Select(i => i.Node.Id).ToList();
            var ins = await store.GetSupplyLinksAsync(ids, Direction.In, new LinkFilter { AsOf = null });
            var outs = await store.GetSupplyLinksAsync(ids, Direction.Out, new LinkFilter { AsOf = null });
            for (var k = 0; k < ids.Count; k++)
            {
                if (Off(ins[k]) is { } bought)
                {
                    purchases.Add(bought.Off);
                }
                if (Off(outs[k]) is { } sold)
                {
                    sales.Add(sold);
                }
            }
            seen += ids.Count;
            after = page.EndCursor;
            if (!page.HasNextPage)
            {
                break;
            }
        }
        // Each firm's purchases, then its sales, summed as a published sum is (keys worked out once per firm of the sum).
        (int Buyers, double Off)? Off(IReadOnlyList<SupplyLink> list)
        {
            hashing.Start();
            var builder = new PublishableValue.Builder(noise);
            foreach (var l in list)
            {
                builder.Add(l.BuyerId, l.SupplierId, l.ValueUsd ?? double.NaN);
                links += l.ValueUsd > 0 ? 1 : 0;
            }
            var sum = builder.Build();
            hashing.Stop();
            return sum.Value > 0 ? (sum.Buyers, Math.Abs((sum.Noisy!.Value / sum.Value) - 1)) : null;
        }
        Console.WriteLine(FormattableString.Invariant($"{seen:N0} firms, {links:N0} link values summed with noise (each twice, as bought and as sold), {hashing.Elapsed.TotalMilliseconds * 1e6 / Math.Max(1, links):N0} ns per link"));
        Console.WriteLine(FormattableString.Invariant($"noise {noise.Min:P0} to {noise.Max:P0}"));
        Console.WriteLine("totals                          firms   min off   p1 off   p5 off   median off   within 1%   within 5%   within 10%");
        void Row(string name, IReadOnlyList<double> offs)
        {
            if (offs.Count == 0)
            {
                Console.WriteLine($"{name,-30}      0");
                return;
            }
            var sorted = offs.Order().ToArray();
            double At(double p) => sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];
            double Within(double x) => sorted.Count(o => o < x) / (double)sorted.Length;
            Console.WriteLine(FormattableString.Invariant($"{name,-30} {sorted.Length,7:N0} {sorted[0],9:P2} {At(0.01),8:P2} {At(0.05),8:P2} {At(0.5),12:P2} {Within(0.01),11:P2} {Within(0.05),11:P2} {Within(0.1),12:P2}"));
        }
        Row("purchases", purchases);
        Row("sales, one buyer", [.. sales.Where(s => s.Buyers == 1).Select(s => s.Off)]);
        Row("sales, 2-4 buyers", [.. sales.Where(s => s.Buyers is >= 2 and <= 4).Select(s => s.Off)]);
        Row("sales, 5 buyers or more", [.. sales.Where(s => s.Buyers >= 5).Select(s => s.Off)]);

        // What publishing costs a supply chain: its tiers summed with the noise and rule 1's tallies, beside the walk.
        var leads = await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, Filter = new NodeFilter { Roles = [FirmRole.LeadFirm] }, First = 20 });
        Console.WriteLine("chain (3 tiers up)                    firms     links   walk ms   links summed ms   published tiers ms   tiers shown");
        var rules = new DisclosureRules();
        foreach (var lead in leads.Items.Take(8))
        {
            var walkClock = Stopwatch.StartNew();
            var walk = await store.TraverseAsync(new TraversalRequest { RootIds = [lead.Node.Id], MaxDepth = 3, Filter = new LinkFilter { AsOf = null } });
            var walked = walkClock.Elapsed.TotalMilliseconds;
            // The links read and summed alone (what the analyst's total costs), then with the noise and rule 1's tallies.
            var plainClock = Stopwatch.StartNew();
            var plain = walk.Tiers.Sum(t => t.Links.Sum(l => l.ValueUsd ?? 0));
            var plainMs = plainClock.Elapsed.TotalMilliseconds;
            var sumClock = Stopwatch.StartNew();
            var shown = 0;
            foreach (var tier in walk.Tiers)
            {
                var builder = new PublishableValue.Builder(noise);
                foreach (var l in tier.Links)
                {
                    builder.Add(l.BuyerId, l.SupplierId, l.ValueUsd ?? double.NaN);
                }
                shown += builder.Build().Problem(rules) is null ? 1 : 0;
            }
            GC.KeepAlive(plain);
            Console.WriteLine(FormattableString.Invariant($"{lead.Node.Id,-36} {walk.FirmCount,7:N0} {walk.LinkCount,9:N0} {walked,9:N1} {plainMs,17:N1} {sumClock.Elapsed.TotalMilliseconds,20:N1} {shown,8}/{walk.Tiers.Count}"));
        }
        // Clusters of the province with most firms, as an analyst asks (no noise) and as anyone else does (with it).
        var snap = store.Snapshot;
        var province = snap.Nodes[snap.KindOrder(NodeKind.Firm).Select(n => snap.FirmProvince[n]).Where(p => p >= 0).GroupBy(p => p).MaxBy(g => g.Count())!.Key]!.Id;
        var scope = new NodeFilter { ProvinceIds = [province] };
        foreach (var (name, withNoise) in new[] { ("clusters, no noise", (ValueNoise?)null), ("clusters, with noise", noise) })
        {
            var times = new List<double>();
            for (var r = 0; r < 5; r++)
            {
                var t = Stopwatch.GetTimestamp();
                await store.ClustersAsync(new ClusterRequest { Scope = scope, Noise = withNoise });
                times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine(FormattableString.Invariant($"{name} of {province}: p50 {times[2]:N1} ms (5 calls)"));
        }
        return 0;
    }
}
