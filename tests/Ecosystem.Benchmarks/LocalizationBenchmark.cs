using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;

namespace Ecosystem.Benchmarks;

/// <summary>
/// Localization reports at national scale: <c>localization --data-dir DIR [--repeat 7] [--sector 26] [--api URL]
/// [--after-edit] [--only TEXT] [--report-only] [--disclosure] [--map] [--kept]</c> (--only: the scopes whose name holds TEXT; --report-only: the report
/// alone, back to back, beside the store's totals, no candidates or baseline; --disclosure: the report and the
/// disclosure verdicts an anonymous caller's answer needs, with how many cells are withheld; --map: the province map of
/// today and of 2025-01-01, every lead firm and those of the sector, each province's values under the rules; --kept: the
/// country's report of every lead firm read from the kept sums beside the same totals computed, then edits that touch
/// lead firms and the report's first call after each; this writes to the store in DIR: use a copy).
/// For a region, a corridor, a province and the whole country (lead firms of one sector): the report in the store, the
/// gaps' candidates (10 each), park matches, and side by side the same totals computed the way a resolver would
/// without the store's analysis (lead firms listed, their links and suppliers fetched by id, grouped in memory). With
/// <c>--api</c>, the whole GraphQL report (with candidates) through HTTP, asked for the first time (a new alias each time).
/// Each report's first call is timed too, after reports of a province and a region not in the table (which compile the
/// code); with --after-edit a firm is renamed after each scope and the report's first call on that version timed (this
/// writes to the store in DIR: use a copy).
/// </summary>
public static class LocalizationBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var dataDir = Arg("--data-dir") ?? throw new ArgumentException("--data-dir is required");
        var repeat = int.Parse(Arg("--repeat") ?? "7", CultureInfo.InvariantCulture);
        var sector = Arg("--sector") ?? "26";
        var api = Arg("--api");
        var edit = args.Contains("--after-edit");
        var only = Arg("--only");
        var reportOnly = args.Contains("--report-only");
        var disclosure = args.Contains("--disclosure");
        var map = args.Contains("--map");
        var keptOnly = args.Contains("--kept");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        var clock = Stopwatch.StartNew();
        await using var store = await EmbeddedGraphStore.OpenAsync(dataDir);
        var stats = await store.GetStatsAsync();
        Console.WriteLine($"store: {stats.Nodes.GetValueOrDefault(NodeKind.Firm):N0} firms, {stats.SupplyLinks:N0} links, opened in {clock.Elapsed.TotalSeconds:N1} s");
        var directory = new ProvinceDirectory((await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Province })).Items.Select(i => (Province)i.Node));
        var asOf = VietnamTime.Today(TimeProvider.System);
        var scopes = new (string Name, FirmScope Scope, string? Sector, string Graphql)[]
        {
            ("region Đồng bằng sông Hồng", new FirmScope { Region = "Đồng bằng sông Hồng" }, null, "{ region: \"Đồng bằng sông Hồng\" }"),
            ("region Đông Nam Bộ", new FirmScope { Region = "Đông Nam Bộ" }, null, "{ region: \"Đông Nam Bộ\" }"),
            ("corridor eastern expressway", new FirmScope { Corridor = "corridor:eastern-expressway" }, null, "{ corridor: \"corridor:eastern-expressway\" }"),
            ("province Hải Phòng", new FirmScope { Province = "Hải Phòng" }, null, "{ province: \"Hải Phòng\" }"),
            ($"country, lead firms of {sector}", new FirmScope { Country = true }, sector, "{ country: true }"),
            ("country, every lead firm", new FirmScope { Country = true }, null, "{ country: true }"),
        };
        // The process's first reports compile the code and fill the graph's lazy tables: timed apart, on a province and
        // a region of their own, so each row's first call is what a running service pays for a report it has not cached.
        foreach (var (warmName, warmScope) in new[] { ("province Bắc Ninh", new FirmScope { Province = "Bắc Ninh" }), ("region Đồng bằng sông Cửu Long", new FirmScope { Region = "Đồng bằng sông Cửu Long" }) })
        {
            var warm = Stopwatch.GetTimestamp();
            await new LocalizationQuery { Scope = warmScope, AsOf = asOf }.RunAsync(store, directory, default);
            Console.WriteLine(FormattableString.Invariant($"the process's first report of a {warmName} (not in the table): {Stopwatch.GetElapsedTime(warm).TotalMilliseconds:N1} ms"));
        }
        // The country's report kept by lead firm is built on one thread in the background at open: waited for, so the
        // table is what a running service answers rather than what it answers while that build shares the cores.
        while (store.KeptReports.InProgress is { } keeping)
        {
            await keeping;
        }
        if (keptOnly)
        {
            await KeptAsync(store, directory, asOf, repeat);
            return 0;
        }
        if (map)
        {
            foreach (var (date, leadSector) in new[] { (asOf, (string?)null), (asOf, sector), (new DateOnly(2025, 1, 1), (string?)null) })
            {
                await MapAsync(store, directory, date, leadSector is null ? null : Graph.Rules.SectorCode.ToId(leadSector), repeat);
            }
            return 0;
        }
        Console.WriteLine("scope                                   leads   input links   report p50   report max   candidates p50   baseline p50   baseline / report");
        foreach (var (name, scope, leadSector, _) in scopes.Where(s => only is null || s.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
        {
            if (disclosure)
            {
                await DisclosureAsync(store, directory, new LocalizationQuery { Scope = scope, SectorCode = leadSector, AsOf = asOf }, name, repeat);
                continue;
            }
            if (reportOnly)
            {
                await ReportOnlyAsync(store, directory, new LocalizationQuery { Scope = scope, SectorCode = leadSector, AsOf = asOf }, name, repeat);
                continue;
            }
            await ReportAsync(store, directory, new LocalizationQuery { Scope = scope, SectorCode = leadSector, AsOf = asOf }, name, repeat, edit);
        }
        if (reportOnly || disclosure)
        {
            return 0;
        }
        await ParkMatchesAsync(store, directory, asOf, sector, repeat);
        if (api is not null)
        {
            await ThroughHttpAsync(api, [.. scopes.Select(x => (x.Name, x.Sector, x.Graphql))], repeat);
        }
        return 0;
    }

    /// <summary>
    /// With --kept: the country's report of every lead firm from the kept sums (built in the background at open) and the
    /// same totals computed, alternating; then edits, each touching lead firms (a link's value; a supplier of many lead
    /// firms moving abroad and back), each edit timed and the report's first call on the version it made.
    /// </summary>
    private static async Task KeptAsync(EmbeddedGraphStore store, ProvinceDirectory directory, DateOnly asOf, int repeat)
    {
        var kept = store.KeptReports;
        var query = new LocalizationQuery { Scope = new FirmScope { Country = true }, AsOf = asOf };
        var region = new LocalizationQuery { Scope = new FirmScope { Region = "Đồng bằng sông Hồng" }, AsOf = asOf };
        await KeptBesideComputedAsync(store, directory, "country, every lead firm", query, repeat);
        await KeptBesideComputedAsync(store, directory, "region Đồng bằng sông Hồng", region, repeat);

        // Edits touching lead firms: a link into a lead firm re-valued, then the report's first call on that version.
        var snap = store.Snapshot;
        var random = new Random(5);
        var leads = snap.LeadFirms.Where(l => snap.FirmCountry[l] == snap.DomesticCountry).OrderBy(_ => random.Next()).Take(repeat).ToList();
        var (edits, firstCalls, regionCalls) = (new List<double>(), new List<double>(), new List<double>());
        foreach (var lead in leads)
        {
            var link = (await store.GetSupplyLinksAsync([snap.Nodes[lead]!.Id], Direction.In))[0][0];
            var start = Stopwatch.GetTimestamp();
            await store.ApplyAsync(new ChangeSet { UpsertLinks = [link with { ValueUsd = (link.ValueUsd ?? 0) + 1 }] });
            edits.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            start = Stopwatch.GetTimestamp();
            await query.RunAsync(store, directory, default);
            firstCalls.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            start = Stopwatch.GetTimestamp();
            await region.RunAsync(store, directory, default);
            regionCalls.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        Console.WriteLine(FormattableString.Invariant(
            $"{leads.Count} link edits into lead firms: edit p50 {Median(edits):N1} ms (max {edits.Max():N1}), the first call after each: country p50 {Median(firstCalls):N1} ms (max {firstCalls.Max():N1}), region p50 {Median(regionCalls):N1} ms (max {regionCalls.Max():N1})"));

        // The domestic supplier selling to the most lead firms moves abroad, then back: every lead firm it sells to is read again.
        int LeadBuyers(int firm)
        {
            var found = new HashSet<int>();
            foreach (var l in snap.OutLinks(firm))
            {
                if (Array.BinarySearch(snap.LeadFirms, snap.LinkBuyer[l]) >= 0)
                {
                    found.Add(snap.LinkBuyer[l]);
                }
            }
            return found.Count;
        }
        var supplier = Enumerable.Range(0, snap.Nodes.Length).Where(n => snap.Nodes[n] is Firm { Country: "VN" }).MaxBy(LeadBuyers);
        var home = (Firm)snap.Nodes[supplier]!;
        var buyers = LeadBuyers(supplier);
        foreach (var (what, firm) in new[] { ("abroad", home with { Country = "KR", ProvinceId = null, WardId = null, ParkId = null, TaxCode = null, Identifiers = [] }), ("back", home) })
        {
            var start = Stopwatch.GetTimestamp();
            await store.ApplyAsync(new ChangeSet { UpsertNodes = [firm] });
            var edit = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            start = Stopwatch.GetTimestamp();
            await query.RunAsync(store, directory, default);
            Console.WriteLine(FormattableString.Invariant(
                $"a supplier of {buyers:N0} lead firms moved {what}: edit {edit:N1} ms, the report's first call after it {Stopwatch.GetElapsedTime(start).TotalMilliseconds:N1} ms"));
        }
        Console.WriteLine($"changes applied to the kept report: {kept.ChangesApplied}, builds: {kept.Built}, asks read from it: {kept.Answered}");
    }

    /// <summary>A kept report beside the same totals computed, alternating (its first ask, which starts its build, timed apart).</summary>
    private static async Task KeptBesideComputedAsync(EmbeddedGraphStore store, ProvinceDirectory directory, string name, LocalizationQuery query, int repeat)
    {
        var kept = store.KeptReports;
        var first = Stopwatch.GetTimestamp();
        var request = (await query.RunAsync(store, directory, default)).Request;
        var firstMs = Stopwatch.GetElapsedTime(first).TotalMilliseconds;
        while (kept.InProgress is { } building)
        {
            await building;
        }
        var (reports, totals, computed) = (new List<double>(), new List<double>(), new List<double>());
        var answered = kept.Answered;
        for (var r = 0; r < repeat; r++)
        {
            var start = Stopwatch.GetTimestamp();
            await query.RunAsync(store, directory, default);
            reports.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            start = Stopwatch.GetTimestamp();
            var fromKept = await store.LocalizationAsync(request);
            totals.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            start = Stopwatch.GetTimestamp();
            var afresh = LocalizationAnalysis.Totals(store.Snapshot, request, default);
            computed.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (System.Text.Json.JsonSerializer.Serialize(fromKept) != System.Text.Json.JsonSerializer.Serialize(afresh))
            {
                throw new InvalidOperationException($"{name}: the kept report differs from the one computed");
            }
        }
        Console.WriteLine(FormattableString.Invariant(
            $"{name}: first ask {firstMs:N1} ms (kept, built in {kept.Kept.First(d => d.Answers(request)).BuildTime.TotalMilliseconds:N0} ms on one thread); report p50 {Median(reports):N1} ms (max {reports.Max():N1}), kept totals p50 {Median(totals):N1} ms (max {totals.Max():N1}), computed totals p50 {Median(computed):N1} ms (max {computed.Max():N1}); computed / kept {Median(computed) / Median(totals):N1}x; {kept.Answered - answered} of {2 * repeat} asks read the kept sums"));
    }

    /// <summary>With --disclosure: the report, then the verdicts on its cells (contributions read and every rule applied).</summary>
    private static async Task DisclosureAsync(EmbeddedGraphStore store, ProvinceDirectory directory, LocalizationQuery query, string name, int repeat)
    {
        var report = await query.RunAsync(store, directory, default);
        var rules = new DisclosureRules();
        var first = Stopwatch.GetTimestamp();
        var verdicts = await LocalizationDisclosure.AssessAsync(store, report.Request, rules, directory, default);
        var firstMs = Stopwatch.GetElapsedTime(first).TotalMilliseconds;
        var reports = new List<double>();
        var times = new List<double>();
        var reads = new List<double>();
        for (var r = 0; r < repeat; r++)
        {
            var start = Stopwatch.GetTimestamp();
            report = await query.RunAsync(store, directory, default);
            reports.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            start = Stopwatch.GetTimestamp();
            await store.LocalizationContributionsAsync(report.Request);
            reads.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            start = Stopwatch.GetTimestamp();
            verdicts = await LocalizationDisclosure.AssessAsync(store, report.Request, rules, directory, default);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        Console.WriteLine(FormattableString.Invariant(
            $"{name,-38}  {report.LeadFirmCount,6:N0}  report p50 {Median(reports),8:N1} ms, disclosure p50 {Median(times),8:N1} ms (first {firstMs:N1} ms; the pairs alone p50 {Median(reads):N1} ms), cells {verdicts.Values.Count:N0}, withheld {verdicts.Suppressed.Count:N0}"));
    }

    /// <summary>With --map: the province map of a date (and sector), built whole each time: the counts and every province's values under the rules.</summary>
    private static async Task MapAsync(EmbeddedGraphStore store, ProvinceDirectory directory, DateOnly asOf, string? sectorId, int repeat)
    {
        var rules = new DisclosureRules();
        var first = Stopwatch.GetTimestamp();
        var built = await ProvinceMapAnalysis.BuildAsync(store, directory, asOf, sectorId, rules, default);
        var firstMs = Stopwatch.GetElapsedTime(first).TotalMilliseconds;
        var times = new List<double>();
        for (var r = 0; r < repeat; r++)
        {
            var start = Stopwatch.GetTimestamp();
            built = await ProvinceMapAnalysis.BuildAsync(store, directory, asOf, sectorId, rules, default);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        var read = Stopwatch.GetTimestamp();
        var pairs = await store.LocalizationContributionsAsync(new LocalizationRequest { Scope = new NodeFilter { Countries = ["VN"] }, LeadSectorIds = sectorId is null ? null : [sectorId], AsOf = asOf });
        var readMs = Stopwatch.GetElapsedTime(read).TotalMilliseconds;
        var counts = Stopwatch.GetTimestamp();
        var units = directory.AsOf(asOf);
        await store.ListNodesAsync([.. units.SelectMany(u => new[] { FirmRole.LeadFirm, FirmRole.SupportingIndustry }.Select(role =>
            new NodeQuery { Kind = NodeKind.Firm, Filter = new NodeFilter { ProvinceIds = directory.ScopeIds(u, asOf), Roles = [role], SectorIds = sectorId is null ? null : [sectorId] }, First = 0 }))]);
        var countsMs = Stopwatch.GetElapsedTime(counts).TotalMilliseconds;
        Console.WriteLine(FormattableString.Invariant($"  of which: the country's pairs {readMs:N1} ms ({pairs.Leads.Count:N0} lead firms, {pairs.Rows.Count:N0} pairs), counts by role {countsMs:N1} ms"));
        Console.WriteLine(FormattableString.Invariant(
            $"map of {built.Provinces.Count} provinces on {asOf:yyyy-MM-dd}{(sectorId is null ? "" : $", lead firms of {sectorId}")}: p50 {Median(times):N1} ms (first {firstMs:N1} ms), provinces with values {built.Provinces.Count(e => e.ValueUsd > 0)}, withheld {built.Provinces.Count(e => e.Withheld is not null)}, unplaced firms {built.Unplaced.Firms:N0}"));
    }

    /// <summary>With --report-only: the report alone, back to back, and the store's totals within it.</summary>
    private static async Task ReportOnlyAsync(EmbeddedGraphStore store, ProvinceDirectory directory, LocalizationQuery query, string name, int repeat)
    {
        var first = Stopwatch.GetTimestamp();
        var report = await query.RunAsync(store, directory, default);
        var firstMs = Stopwatch.GetElapsedTime(first).TotalMilliseconds;
        var times = new List<double>();
        var totals = new List<double>();
        for (var r = 0; r < repeat; r++)
        {
            var start = Stopwatch.GetTimestamp();
            report = await query.RunAsync(store, directory, default);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            start = Stopwatch.GetTimestamp();
            await store.LocalizationAsync(report.Request);
            totals.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        Console.WriteLine(FormattableString.Invariant($"{name,-38}  {report.LeadFirmCount,6:N0}  report p50 {Median(times),8:N1} ms (first {firstMs:N1} ms), the store's totals p50 {Median(totals),8:N1} ms"));
    }

    /// <summary>One scope: the report, the gaps' candidates and the baseline, timed and checked against each other.</summary>
    private static async Task ReportAsync(EmbeddedGraphStore store, ProvinceDirectory directory, LocalizationQuery query, string name, int repeat, bool edit)
    {
        var first = Stopwatch.GetTimestamp();
        var report = await query.RunAsync(store, directory, default);
        var firstMs = Stopwatch.GetElapsedTime(first).TotalMilliseconds;
        // The gaps' candidates; where the data has no gap, those of the five largest inputs, so the cost is still measured.
        var gaps = (report.Gaps.Count > 0 ? report.Gaps : report.Inputs.Take(5)).Select(g => g.SectorId).ToList();
        var times = new List<double>();
        var candidateTimes = new List<double>();
        for (var r = 0; r < repeat; r++)
        {
            var start = Stopwatch.GetTimestamp();
            report = await query.RunAsync(store, directory, default);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            start = Stopwatch.GetTimestamp();
            await store.SupplierCandidatesAsync(report.Request, gaps, 10);
            candidateTimes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        var baseline = new List<double>();
        for (var r = 0; r < Math.Min(repeat, 3); r++)
        {
            var start = Stopwatch.GetTimestamp();
            var (value, domestic) = await BaselineAsync(store, report.Request);
            baseline.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (Math.Abs(value - report.InputValueUsd) > 1e-6 * Math.Max(1, value) || Math.Abs(domestic - report.DomesticValueUsd) > 1e-6 * Math.Max(1, value))
            {
                throw new InvalidOperationException($"{name}: baseline {value}/{domestic} differs from the report {report.InputValueUsd}/{report.DomesticValueUsd}");
            }
        }
        var afterEdit = "";
        if (edit)
        {
            // One firm renamed (a version made by the change), then the report's first call on that version.
            var firm = (Firm)store.Snapshot.Nodes[store.Snapshot.KindOrder(NodeKind.Firm)[0]]!;
            await store.ApplyAsync(new ChangeSet { UpsertNodes = [firm with { Name = firm.Name + " (renamed)" }] });
            var start = Stopwatch.GetTimestamp();
            await query.RunAsync(store, directory, default);
            afterEdit = FormattableString.Invariant($"   first call after an edit {Stopwatch.GetElapsedTime(start).TotalMilliseconds:N1} ms");
        }
        var links = report.Totals.Inputs.Sum(i => i.LinkCount);
        Console.WriteLine($"{name,-38}  {report.LeadFirmCount,6:N0}  {links,12:N0}  {Median(times),8:N1} ms  {times.Max(),8:N1} ms  {Median(candidateTimes),11:N1} ms  {Median(baseline),10:N1} ms  {Median(baseline) / Median(times),14:N1}x" +
            $"   ({report.Inputs.Count} inputs, {report.Gaps.Count} gaps, domestic {report.DomesticShare:P1}, candidates for {gaps.Count} sectors)" +
            FormattableString.Invariant($"   first call {firstMs:N1} ms{afterEdit}"));
    }

    private static async Task ParkMatchesAsync(EmbeddedGraphStore store, ProvinceDirectory directory, DateOnly asOf, string sector, int repeat)
    {
        var parkTimes = new List<double>();
        var parkScope = await new FirmScope { Region = "Đồng bằng sông Hồng" }.ToFirmFilterAsync(store, directory, asOf, default);
        for (var r = 0; r < repeat; r++)
        {
            var start = Stopwatch.GetTimestamp();
            await store.ParkMatchesAsync(new ParkMatchRequest { SectorId = SectorCode.ToId(sector), LeadScope = parkScope });
            parkTimes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        Console.WriteLine($"parkMatches for {sector}, distances to the region's lead firms: p50 {Median(parkTimes):N1} ms");
    }

    /// <summary>localizationReport through HTTP, asked for the first time (a new alias each round, so no cache answers).</summary>
    private static async Task ThroughHttpAsync(string api, List<(string Name, string? Sector, string Graphql)> scopes, int repeat)
    {
        using var http = BenchmarkHttp.Client(api, TimeSpan.FromMinutes(5));
        Console.WriteLine($"localizationReport through HTTP ({api}), inputs, gaps with 10 candidates each, asked for the first time:");
        var round = Environment.TickCount64;
        foreach (var (name, leadSector, graphql) in scopes)
        {
            var times = new List<double>();
            for (var r = 0; r < repeat; r++)
            {
                var text = $"{{ localizationReport(scope: {graphql}{(leadSector is null ? "" : $", sectorCode: \"{leadSector}\"")}) {{ leadFirmCount inputValueUsd domesticShare localShare " +
                    "inputs { sector { code name } valueUsd domesticShare localShare byCountry { country share } supplierCount } " +
                    "gaps { sector { code } foreignValueUsd candidates { firm { id name } score sectorFit distanceKm provenCapability allianceMember } } unknownInputs { code } } " +
                    $"t{round}r{r}: __typename }}";
                var start = Stopwatch.GetTimestamp();
                using var response = await http.PostAsJsonAsync("/graphql", new { query = text });
                var body = await response.Content.ReadAsStringAsync();
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (!response.IsSuccessStatusCode || body.Contains("\"errors\"", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"{name}: {body[..Math.Min(400, body.Length)]}");
                }
            }
            Console.WriteLine($"  {name,-38}  p50 {Median(times),8:N1} ms   max {times.Max(),8:N1} ms");
        }
    }

    /// <summary>
    /// The report's totals the way resolvers would compute them without the store's analysis: list the lead firms that
    /// pass the scope (paged), fetch their links valid on the date and their suppliers by id, and add up in memory.
    /// </summary>
    private static async Task<(double Value, double Domestic)> BaselineAsync(IGraphStore store, LocalizationRequest request)
    {
        var leads = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await store.ListNodesAsync(new NodeQuery
            {
                Kind = NodeKind.Firm,
                Filter = request.Scope with { Roles = [FirmRole.LeadFirm], SectorIds = request.LeadSectorIds },
                OrderBy = [new SortOrder(SortField.Id)],
                First = 1000,
                After = after,
            });
            leads.AddRange(page.Items.Select(i => i.Node.Id));
            if (!page.HasNextPage)
            {
                break;
            }
            after = page.EndCursor;
        }
        double value = 0, domestic = 0;
        foreach (var batch in leads.Chunk(1000))
        {
            var links = await store.GetSupplyLinksAsync(batch, Direction.In, new LinkFilter { AsOf = request.AsOf });
            var supplierIds = links.SelectMany(l => l.Select(x => x.SupplierId)).Distinct().ToList();
            var suppliers = (await store.GetNodesAsync(supplierIds)).OfType<Firm>().ToDictionary(f => f.Id);
            foreach (var link in links.SelectMany(l => l))
            {
                var v = link.ValueUsd ?? 0;
                value += v;
                if (suppliers[link.SupplierId].Country == "VN")
                {
                    domestic += v;
                }
            }
        }
        return (value, domestic);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
