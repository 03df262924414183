using System.Globalization;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Data;

/// <summary>
/// Deterministic synthetic supply networks (same seed and scale, same graph) on top of the reference data: lead firms
/// (domestic and FDI) in real parks and provinces, tiers of domestic and foreign suppliers with heavy-tailed degrees,
/// links only where the supplier's sector FEEDS the buyer's, values, dates and some cycles. Every node and link cites
/// one Source that says it is synthetic and names the seed and scale; firm names end in "(synthetic)".
/// </summary>
public sealed partial class SyntheticNetwork
{
    private static readonly (string Country, double Weight)[] ForeignCountries =
        [("CN", 35), ("KR", 20), ("JP", 15), ("TW", 10), ("US", 5), ("TH", 5), ("DE", 4), ("SG", 3), ("MY", 3)];

    private static readonly (string Division, double Weight)[] LeadDivisions =
        [("26", 25), ("27", 8), ("28", 7), ("29", 8), ("30", 5), ("14", 12), ("15", 8), ("13", 5), ("10", 8), ("22", 4), ("25", 4), ("21", 2), ("31", 4)];

    /// <summary>
    /// How often an input of a division is bought from a supplier abroad (an assumption of the generator, not data): high for
    /// components, metals and chemicals that Vietnam's assemblers largely import, low for packaging and logistics.
    /// </summary>
    private static readonly Dictionary<string, double> ImportPropensity = new(StringComparer.Ordinal)
    {
        ["26"] = 0.7, ["24"] = 0.6, ["20"] = 0.6, ["13"] = 0.6, ["28"] = 0.55, ["27"] = 0.5, ["29"] = 0.45, ["30"] = 0.4,
        ["21"] = 0.5, ["22"] = 0.3, ["25"] = 0.25, ["14"] = 0.3, ["15"] = 0.3, ["17"] = 0.15, ["52"] = 0.05,
    };

    private const double DefaultImportPropensity = 0.35;

    private static readonly string[] Words =
        ["An", "Bình", "Cường", "Đại", "Đông", "Hải", "Hòa", "Hưng", "Khang", "Kim", "Long", "Minh", "Nam", "Phát", "Phú",
         "Quang", "Sơn", "Tân", "Thành", "Thịnh", "Tiến", "Trung", "Việt", "Vĩnh", "Xuân", "Hồng", "Lộc", "Tín", "Gia", "Bảo"];

    private static readonly string[] Trades =
        ["Cơ khí", "Điện tử", "Nhựa", "Kim loại", "Linh kiện", "Vật liệu", "Bao bì", "Dệt", "Hóa chất", "Thương mại", "Công nghiệp", "Kỹ thuật"];

    private static readonly string[] ForeignWords =
        ["Golden", "Pacific", "Eastern", "Star", "Union", "Bright", "Prime", "Asia", "Harbor", "Summit", "Ocean", "Crown", "Delta", "Nova", "Apex"];

    public required int FirmCount { get; init; }

    public required int Seed { get; init; }

    /// <summary>Average supply links per firm (10 gives about 10 million links for 1 million firms).</summary>
    public double LinksPerFirm { get; init; } = 10;

    public string SourceId => $"source:synthetic-seed{Seed}-n{FirmCount}";

    public static string FirmId(int index) => $"firm:syn-{index:D7}";

    /// <summary>Generates the network against the reference nodes it needs (sectors, provinces, parks).</summary>
    public ChangeSet Generate(IReadOnlyCollection<Node> reference, IProgress<string>? progress = null)
    {
        if (FirmCount < 10)
        {
            throw new ArgumentOutOfRangeException(nameof(reference), "a synthetic network needs at least 10 firms");
        }
        var rng = new SplitMix64((ulong)Seed * 0x9E3779B97F4A7C15UL + (ulong)FirmCount);
        var world = World.Of(reference);
        var source = new Source
        {
            Id = SourceId,
            Name = $"Synthetic supply network (seed {Seed}, {FirmCount.ToString("N0", CultureInfo.InvariantCulture)} firms) - not real firms or trade",
            Publisher = "Ecosystem synthetic generator",
            SourceType = "synthetic",
            Synthetic = true,
            Note = "Generated deterministically from the seed and scale; sectors, provinces, parks, HS products, processes and standards are real reference data; firms, links, profiles, sourcing requests and firms' wards are invented (90% of firms in Vietnam have a ward, an assumption; the rest are placed by province only, so firms in a merged province without one are unplaced in the pre-2025 map). Certificate shares: ISO 9001 16% of domestic suppliers (proxy: about 800 of about 5,000 supporting-industry firms supplied multinationals in 2023, MOIT via SGGP), IATF 16949 3% of automotive-division suppliers and ISO 14001 6% (assumptions).",
        };
        IReadOnlyList<string> cite = [source.Id];
        var roster = MakeFirms(rng, world, cite, progress);
        // Products, codes on links, profiles and requests come from a stream of their own: the firms and links stay as they were.
        var profileRng = new SplitMix64(((ulong)Seed * 0x9E3779B97F4A7C15UL + (ulong)FirmCount) ^ 0xC2B2AE3D27D4EB4FUL);
        var products = MakeProducts(profileRng, roster, ProductsByDivision(reference));
        var links = MakeLinks(rng, world, roster, cite, progress, products, profileRng);
        AddProfiles(profileRng, roster, products, cite);
        var requests = MakeRequests(profileRng, roster, links, cite);
        AddPlaces(new SplitMix64(((ulong)Seed * 0x9E3779B97F4A7C15UL + (ulong)FirmCount) ^ 0x165667B19E3779F9UL), roster, reference);
        var nodes = new List<Node>(FirmCount + 1 + requests.Count) { source };
        nodes.AddRange(roster.Firms);
        nodes.AddRange(requests);
        return new ChangeSet { UpsertNodes = nodes, UpsertLinks = links };
    }

    /// <summary>What the generator takes from the reference data: sectors and their inputs, provinces, parks.</summary>
    private sealed record World(
        Dictionary<string, Sector[]> SubclassesByDivision,
        Dictionary<string, List<(string Division, double Coefficient)>> InputsOf,
        Province[] Provinces,
        double[] ProvinceWeights,
        Park[] Parks,
        Dictionary<string, string> ParkProvince)
    {
        public static World Of(IReadOnlyCollection<Node> reference)
        {
            var sectors = reference.OfType<Sector>().Where(s => s.Classification == Classification.Vsic2025).ToList();
            var subclassesByDivision = sectors.Where(s => s.Level == SectorLevel.Subclass)
                .GroupBy(s => s.Code[..2]).ToDictionary(g => g.Key, g => g.OrderBy(s => s.Code, StringComparer.Ordinal).ToArray());
            var inputsOf = new Dictionary<string, List<(string Division, double Coefficient)>>();
            foreach (var s in sectors.Where(s => s.Level == SectorLevel.Division))
            {
                foreach (var feed in s.Feeds)
                {
                    var output = NodeIds.Local(feed.TargetId);
                    if (!inputsOf.TryGetValue(output, out var list))
                    {
                        list = [];
                        inputsOf[output] = list;
                    }
                    list.Add((s.Code, feed.Coefficient));
                }
            }
            foreach (var list in inputsOf.Values)
            {
                list.Sort((a, b) => string.CompareOrdinal(a.Division, b.Division));
            }
            var provinces = reference.OfType<Province>().Where(p => p.ValidTo is null).OrderBy(p => p.Code, StringComparer.Ordinal).ToArray();
            var provinceById = reference.OfType<Province>().ToDictionary(p => p.Id);
            var directory = new ProvinceDirectory(provinceById.Values);
            var today = ProvinceDirectory.MergerDate;
            var parks = reference.OfType<Park>()
                .Where(p => p.ParkKind is ParkKind.IndustrialPark or ParkKind.ExportProcessingZone or ParkKind.HighTechPark or ParkKind.IndustrialCluster)
                .OrderBy(p => p.Id, StringComparer.Ordinal).ToArray();
            var parkProvince = parks.ToDictionary(p => p.Id, p => directory.RollUp(provinceById[p.ProvinceId], today).Id);
            // Provinces with more parks get more firms.
            var provinceWeights = provinces.Select(p => 1.0 + parks.Count(k => parkProvince[k.Id] == p.Id)).ToArray();
            return new World(subclassesByDivision, inputsOf, provinces, provinceWeights, parks, parkProvince);
        }
    }

    /// <summary>The firms made, with each one's division, tier and sector, and the supplier pools by tier, division and side.</summary>
    private sealed record Roster(Firm[] Firms, string[] Division, byte[] Tier, string[] SectorIdOf, Dictionary<(int Tier, string Division, bool Foreign), List<int>> Pools);

    /// <summary>2% lead firms, 58% domestic suppliers, 40% foreign suppliers; supplier tiers 1-4.</summary>
    private Roster MakeFirms(SplitMix64 rng, World world, IReadOnlyList<string> cite, IProgress<string>? progress)
    {
        var (subclassesByDivision, inputsOf, provinces, provinceWeights, parks, parkProvince) = world;
        var leadCount = Math.Max(5, FirmCount / 50);
        var foreignCount = (int)(FirmCount * 0.40);
        var domesticCount = FirmCount - leadCount - foreignCount;
        var firms = new Firm[FirmCount];
        var division = new string[FirmCount];
        var tier = new byte[FirmCount];
        var sectorIdOf = new string[FirmCount];
        var supplierDemand = SupplierDivisionWeights(inputsOf);
        var pools = new Dictionary<(int Tier, string Division, bool Foreign), List<int>>();

        for (var i = 0; i < FirmCount; i++)
        {
            var isLead = i < leadCount;
            var isForeign = !isLead && i >= leadCount + domesticCount;
            var t = isLead ? 0 : PickTier(rng);
            var div = isLead ? Pick(rng, LeadDivisions) : Pick(rng, supplierDemand);
            if (!subclassesByDivision.TryGetValue(div, out var subclasses))
            {
                div = "25";
                subclasses = subclassesByDivision[div];
            }
            var sector = subclasses[rng.NextInt(subclasses.Length)];
            division[i] = div;
            tier[i] = (byte)t;
            sectorIdOf[i] = sector.Id;
            if (!isLead)
            {
                var key = (t, div, isForeign);
                if (!pools.TryGetValue(key, out var pool))
                {
                    pool = [];
                    pools[key] = pool;
                }
                pool.Add(i);
            }
            firms[i] = isForeign
                ? ForeignFirm(i, rng, sector.Id, cite)
                : DomesticFirm(i, isLead, rng, sector.Id, provinces, provinceWeights, parks, parkProvince, cite);
            if ((i + 1) % 200_000 == 0)
            {
                progress?.Report($"firms {i + 1:N0}/{FirmCount:N0}");
            }
        }
        return new Roster(firms, division, tier, sectorIdOf, pools);
    }

    /// <summary>
    /// Out-degree (suppliers per buyer): Pareto with alpha 2, lead firms much larger; tier-4 firms buy nothing. Each link
    /// buys one of the buyer's inputs, mostly from the next tier up, abroad or at home by the input's import propensity.
    /// </summary>
    private List<SupplyLink> MakeLinks(
        SplitMix64 rng, World world, Roster roster, IReadOnlyList<string> cite, IProgress<string>? progress, string[][] products, SplitMix64 productRng)
    {
        var inputsOf = world.InputsOf;
        var (firms, division, tier, sectorIdOf, pools) = roster;
        var targetLinks = (long)(FirmCount * LinksPerFirm);
        var (degreeWeight, total) = DegreeWeights(rng, inputsOf, division, tier);
        var links = new List<SupplyLink>((int)Math.Min(targetLinks + (targetLinks / 20), int.MaxValue / 2));
        var chosen = new HashSet<long>();
        var start = new DateOnly(2012, 1, 1).DayNumber;
        var span = new DateOnly(2025, 6, 30).DayNumber - start;
        for (var buyer = 0; buyer < FirmCount; buyer++)
        {
            if (degreeWeight[buyer] == 0)
            {
                continue;
            }
            var degree = (int)Math.Min(5000, Math.Max(1, Math.Round(degreeWeight[buyer] / total * targetLinks)));
            var inputs = inputsOf[division[buyer]];
            chosen.Clear();
            for (var k = 0; k < degree; k++)
            {
                var inputDivision = Pick(rng, inputs);
                // Mostly the next tier up; 3% of links point to a firm in the same or a lower tier, which makes cycles.
                var supplierTier = rng.NextDouble() < 0.03 ? 1 + rng.NextInt(3) : Math.Min(4, tier[buyer] + 1);
                // Bought abroad or at home by the division's import propensity (the other side when one has no firm).
                var foreign = rng.NextDouble() < ImportPropensity.GetValueOrDefault(inputDivision, DefaultImportPropensity);
                if (!pools.TryGetValue((supplierTier, inputDivision, foreign), out var pool) && !TryAnyTier(pools, inputDivision, foreign, out pool)
                    && !TryAnyTier(pools, inputDivision, !foreign, out pool))
                {
                    continue;
                }
                // Skewed choice within the pool: a few suppliers serve many buyers.
                var supplier = pool[(int)(pool.Count * Math.Pow(rng.NextDouble(), 2.5))];
                if (supplier == buyer || !chosen.Add(supplier))
                {
                    continue;
                }
                var sinceDay = start + rng.NextInt(span);
                DateOnly? until = rng.NextDouble() < 0.08 ? DateOnly.FromDayNumber(Math.Min(sinceDay + 180 + rng.NextInt(2000), start + span)) : null;
                var valueScale = tier[buyer] == 0 ? 13.5 : 11.5 - tier[buyer];
                links.Add(new SupplyLink
                {
                    SupplierId = firms[supplier].Id,
                    BuyerId = firms[buyer].Id,
                    SectorId = sectorIdOf[supplier],
                    Product = null,
                    HsProductId = products[supplier] is { Length: > 0 } made ? made[made.Length == 1 ? 0 : productRng.NextInt(made.Length)] : null,
                    ValueUsd = Math.Round(Math.Exp(valueScale + (1.2 * rng.NextGaussian()))),
                    Since = DateOnly.FromDayNumber(sinceDay),
                    Until = until,
                    Confidence = Math.Round(0.5 + (0.5 * rng.NextDouble()), 2),
                    Sources = cite,
                });
            }
            if ((buyer + 1) % 200_000 == 0)
            {
                progress?.Report($"links for {buyer + 1:N0}/{FirmCount:N0} buyers: {links.Count:N0}");
            }
        }
        return links;
    }

    /// <summary>Each buyer's weight in the links to make (Pareto, alpha 2, by tier), and their sum.</summary>
    private (double[] Weights, double Total) DegreeWeights(SplitMix64 rng, Dictionary<string, List<(string Division, double Coefficient)>> inputsOf, string[] division, byte[] tier)
    {
        var degreeWeight = new double[FirmCount];
        double total = 0;
        for (var i = 0; i < FirmCount; i++)
        {
            if (tier[i] >= 4 || !inputsOf.ContainsKey(division[i]))
            {
                continue;
            }
            var scale = tier[i] switch { 0 => 12.0, 1 => 1.6, 2 => 1.0, _ => 0.6 };
            degreeWeight[i] = scale / Math.Sqrt(1 - rng.NextDouble());
            total += degreeWeight[i];
        }
        return (degreeWeight, total);
    }

    private static bool TryAnyTier(Dictionary<(int Tier, string Division, bool Foreign), List<int>> pools, string division, bool foreign, out List<int> pool)
    {
        for (var t = 1; t <= 4; t++)
        {
            if (pools.TryGetValue((t, division, foreign), out pool!))
            {
                return true;
            }
        }
        pool = [];
        return false;
    }

    private static (string Division, double Weight)[] SupplierDivisionWeights(Dictionary<string, List<(string Division, double Coefficient)>> inputsOf)
    {
        var weights = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var list in inputsOf.Values)
        {
            foreach (var (div, c) in list)
            {
                weights[div] = weights.GetValueOrDefault(div) + c;
            }
        }
        return [.. weights.Select(kv => (kv.Key, kv.Value))];
    }

    private static int PickTier(SplitMix64 rng)
    {
        var u = rng.NextDouble();
        return u < 0.25 ? 1 : u < 0.60 ? 2 : u < 0.85 ? 3 : 4;
    }

    private static string Pick(SplitMix64 rng, IReadOnlyList<(string Key, double Weight)> items)
    {
        double total = 0;
        foreach (var (_, w) in items)
        {
            total += w;
        }
        var u = rng.NextDouble() * total;
        foreach (var (key, w) in items)
        {
            u -= w;
            if (u < 0)
            {
                return key;
            }
        }
        return items[^1].Key;
    }
}

/// <summary>SplitMix64: a small, fast generator whose output depends only on its seed (never on the runtime version).</summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    public int NextInt(int bound) => (int)(NextDouble() * bound);

    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
