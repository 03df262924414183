using System.Runtime.CompilerServices;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>Localization of lead firms' inputs on a graph: input shares by sector and origin (this file), supplier candidates, input origins, park matches.</summary>
internal static partial class LocalizationAnalysis
{
    /// <summary>Lead firms per part of a report summed in parallel; the parts (at most <see cref="MaxParts"/>) depend on the lead count only.</summary>
    internal const int LeadsPerPart = 2048;

    private const int MaxParts = 8;

    public static LocalizationTotals Totals(SupplyGraph snap, LocalizationRequest request, CancellationToken cancellationToken) =>
        Totals(snap, request, LeadsPerPart, Math.Max(1024, snap.Nodes.Length >> 9), cancellationToken);

    /// <summary>
    /// The totals with the lead firms cut into parts of this many, a group's distinct suppliers kept in a hash set up to
    /// fewSuppliers and as a bit per firm beyond (tests compare many parts and either way with one part).
    /// </summary>
    internal static LocalizationTotals Totals(SupplyGraph snap, LocalizationRequest request, int leadsPerPart, int fewSuppliers, CancellationToken cancellationToken)
    {
        var inScope = FirmTest(snap, request.Scope);
        var leads = Leads(snap, request, inScope);
        var localBySlot = LocalSlots(snap, request.Scope, inScope);
        var localByCountry = LocalCountries(snap, request.Scope);
        return Summed(snap, leads, leadsPerPart, fewSuppliers, () =>
        {
            var pass = new LeadInputPass(snap, request, inScope, localBySlot, localByCountry);
            return (builder, lead) =>
            {
                pass.Run(lead);
                builder.Add(pass);
            };
        }, null, cancellationToken);
    }

    /// <summary>
    /// The totals of these lead firms: cut into parts by their count alone, each part summed in lead order on its own
    /// builder (one lead's sums at a time, made by addLead) and the parts added up in order, so the sums are the same on
    /// any machine whatever its cores, and the same whether a lead's sums are computed or kept (<see cref="LocalizationDigest"/>).
    /// </summary>
    internal static LocalizationTotals Summed(
        SupplyGraph snap, IReadOnlyList<int> leads, int leadsPerPart, int fewSuppliers,
        Func<Action<TotalsBuilder, int>> addLead, Action<TotalsBuilder>? finish, CancellationToken cancellationToken)
    {
        var parts = (int)Math.Clamp(((long)leads.Count + leadsPerPart - 1) / leadsPerPart, 1, MaxParts);
        var builders = new TotalsBuilder[parts];
        Parallel.For(0, parts, new ParallelOptions { CancellationToken = cancellationToken }, part =>
        {
            var builder = builders[part] = new TotalsBuilder(snap, fewSuppliers);
            var add = addLead();
            var (from, to) = ((int)((long)leads.Count * part / parts), (int)((long)leads.Count * (part + 1) / parts));
            for (var k = from; k < to; k++)
            {
                if ((k & 255) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
                add(builder, leads[k]);
            }
        });
        for (var part = 1; part < parts; part++)
        {
            builders[0].Add(builders[part]);
        }
        finish?.Invoke(builders[0]);
        return builders[0].Build(leads.Count);
    }

    /// <summary>
    /// The totals of a report, added one lead firm's sums at a time (<see cref="LeadInputPass"/> or kept ones): each
    /// group's value, domestic, local, by country, links and suppliers; the inputs the lead firms need and have no link
    /// for; the sources.
    /// </summary>
    internal sealed class TotalsBuilder(SupplyGraph snap, int fewSuppliers)
    {
        private readonly List<Group> _groups = [];
        private readonly Dictionary<int, Group> _groupBySector = [];
        private readonly HashSet<int> _sourceSets = [];
        private readonly HashSet<string> _sources = new(StringComparer.Ordinal);
        private readonly Dictionary<int, int> _unknown = [];
        private Group?[] _passGroups = [];

        /// <summary>Adds the lead firm a pass has just computed: its sums, each link's supplier, its sources.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(LeadInputPass pass)
        {
            if (snap.Nodes[pass.Lead] is { } lead)
            {
                _sources.UnionWith(lead.Sources);
            }
            if (_passGroups.Length < pass.GroupCount)
            {
                Array.Resize(ref _passGroups, Math.Max(pass.GroupCount, _passGroups.Length * 2));
            }
            foreach (var g in pass.Touched)
            {
                var group = _passGroups[g] ??= GroupOf(pass.GroupSector(g));
                group.Value += pass.Value(g);
                group.Domestic += pass.Domestic(g);
                group.Local += pass.Local(g);
                group.Links += pass.Links(g);
                foreach (var c in pass.CountriesOf(g))
                {
                    group.ByCountry[c] += pass.CountryValue(g, c);
                }
            }
            for (var j = 0; j < pass.LinkCount; j++)
            {
                if (_passGroups[pass.GroupOfLink(j)] is { } group)
                {
                    group.AddSupplier(pass.SupplierOfLink(j));
                }
            }
            _sourceSets.UnionWith(pass.SourceSets);
            AddUnknown(pass.Unknown);
            foreach (var sources in pass.FeedSources)
            {
                _sources.UnionWith(sources);
            }
        }

        /// <summary>Adds a lead firm's kept sums (its suppliers and sources are counted by the digest that keeps them).</summary>
        public void Add(LeadInputs kept)
        {
            var (ints, values) = (kept.Ints, kept.Values);
            var (i, v) = (0, 0);
            for (var e = 0; e < kept.GroupCount; e++)
            {
                var group = GroupOf(ints[i]);
                group.Links += ints[i + 1];
                var countries = ints[i + 2];
                i += 3;
                group.Value += values[v];
                group.Domestic += values[v + 1];
                group.Local += values[v + 2];
                v += 3;
                for (var c = 0; c < countries; c++)
                {
                    group.ByCountry[ints[i++]] += values[v++];
                }
            }
            for (; i < ints.Length; i++)
            {
                _unknown[ints[i]] = _unknown.GetValueOrDefault(ints[i]) + 1;
            }
        }

        private void AddUnknown(IEnumerable<int> shown)
        {
            foreach (var sector in shown)
            {
                _unknown[sector] = _unknown.GetValueOrDefault(sector) + 1;
            }
        }

        private Group GroupOf(int sector)
        {
            if (!_groupBySector.TryGetValue(sector, out var group))
            {
                group = new Group(sector, snap.Countries.Length, snap.Nodes.Length, fewSuppliers);
                _groups.Add(group);
                _groupBySector[sector] = group;
            }
            return group;
        }

        /// <summary>Adds another part's totals to this one's (suppliers counted once over both).</summary>
        public void Add(TotalsBuilder other)
        {
            foreach (var theirs in other._groups)
            {
                GroupOf(theirs.Sector).Add(theirs);
            }
            foreach (var (sector, count) in other._unknown)
            {
                _unknown[sector] = _unknown.GetValueOrDefault(sector) + count;
            }
            _sourceSets.UnionWith(other._sourceSets);
            _sources.UnionWith(other._sources);
        }

        /// <summary>Sets the distinct suppliers of every group and the sources from elsewhere (a digest's counts).</summary>
        public void UseKept(Func<int, int> suppliersOf, IEnumerable<string> sources)
        {
            foreach (var group in _groups)
            {
                group.KeptSuppliers = suppliersOf(group.Sector);
            }
            _sources.UnionWith(sources);
        }

        public LocalizationTotals Build(int leadCount)
        {
            foreach (var set in _sourceSets)
            {
                _sources.UnionWith(snap.SourceSets[set]);
            }
            var countries = snap.Countries.Length;
            var inputs = _groups.Select(g => new InputSectorTotals(
                    snap.Nodes[g.Sector]!.Id,
                    g.Value,
                    g.Domestic,
                    g.Local,
                    [.. Enumerable.Range(0, countries).Where(c => g.ByCountry[c] > 0)
                        .Select(c => new GroupValue(snap.Countries[c], g.ByCountry[c]))
                        .OrderByDescending(v => v.ValueUsd).ThenBy(v => v.Key, StringComparer.Ordinal)],
                    g.Suppliers,
                    g.Links))
                .OrderByDescending(x => x.ValueUsd).ThenBy(x => x.SectorId, StringComparer.Ordinal)
                .ToList();
            var unknownIds = _unknown
                .OrderByDescending(u => u.Value).ThenBy(u => snap.Nodes[u.Key]!.Id, StringComparer.Ordinal)
                .Select(u => snap.Nodes[u.Key]!.Id).ToList();
            return new LocalizationTotals(leadCount, inputs, unknownIds, [.. _sources.Order(StringComparer.Ordinal)]);
        }
    }

    /// <summary>
    /// For scopes of countries, whether each packed place's country (<see cref="SupplyGraph.FirmPlace"/>'s high 16 bits:
    /// country index + 1) is in scope; null for other scopes.
    /// </summary>
    internal static bool[]? LocalCountries(SupplyGraph snap, NodeFilter scope)
    {
        if (scope == new NodeFilter { Countries = scope.Countries } && scope.Countries is { } countries)
        {
            var wanted = countries.ToHashSet(StringComparer.OrdinalIgnoreCase);
            var local = new bool[snap.Countries.Length + 1];
            for (var c = 0; c < snap.Countries.Length; c++)
            {
                local[c + 1] = wanted.Contains(snap.Countries[c]);
            }
            return local;
        }
        return null;
    }

    /// <summary>
    /// For scopes of provinces, whether each packed place (<see cref="SupplyGraph.FirmPlace"/>'s low 16 bits: province
    /// slot + 1) is in scope; null for other scopes.
    /// </summary>
    internal static bool[]? LocalSlots(SupplyGraph snap, NodeFilter scope, Func<int, bool> inScope)
    {
        if (scope == new NodeFilter { ProvinceIds = scope.ProvinceIds } && scope.ProvinceIds is { } provinces)
        {
            return snap.SlotsIn(provinces.Select(snap.NidOf).Where(p => p >= 0).ToHashSet());
        }
        return null;
    }

    private sealed class Group(int sector, int countries, int nodes, int few)
    {
        // Distinct suppliers: a hash set while few, a bit per firm once many (so a fine level's many small groups stay
        // small); the bits are set without testing them and counted once, when the report is built.
        private HashSet<int>? _few = [];
        private ulong[]? _many;

        public int Sector { get; } = sector;
        public double Value { get; set; }
        public double Domestic { get; set; }
        public double Local { get; set; }
        public double[] ByCountry { get; } = new double[countries];
        public int Links { get; set; }

        /// <summary>The distinct suppliers counted elsewhere (a digest's), in place of those added.</summary>
        public int? KeptSuppliers { get; set; }

        /// <summary>The distinct suppliers added (or kept).</summary>
        public int Suppliers
        {
            get
            {
                if (KeptSuppliers is { } kept)
                {
                    return kept;
                }
                if (_many is not { } bits)
                {
                    return _few!.Count;
                }
                var count = 0;
                foreach (var word in bits)
                {
                    count += System.Numerics.BitOperations.PopCount(word);
                }
                return count;
            }
        }

        /// <summary>Adds another part's group of the same sector: sums, and its suppliers.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(Group other)
        {
            Value += other.Value;
            Domestic += other.Domestic;
            Local += other.Local;
            Links += other.Links;
            for (var c = 0; c < ByCountry.Length; c++)
            {
                ByCountry[c] += other.ByCountry[c];
            }
            if (other._many is { } theirs)
            {
                if (_many is null)
                {
                    ToBits();
                }
                var mine = _many!;
                for (var w = 0; w < theirs.Length; w++)
                {
                    mine[w] |= theirs[w];
                }
            }
            else
            {
                foreach (var supplier in other._few!)
                {
                    AddSupplier(supplier);
                }
            }
        }

        /// <summary>Adds a supplier (counted once however often added).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void AddSupplier(int supplier)
        {
            if (_many is { } bits)
            {
                bits[supplier >> 6] |= 1UL << (supplier & 63);
                return;
            }
            AddFew(supplier);
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private void AddFew(int supplier)
        {
            if (_few!.Add(supplier) && _few.Count > few)
            {
                ToBits();
            }
        }

        private void ToBits()
        {
            _many = new ulong[(nodes + 63) >> 6];
            foreach (var f in _few!)
            {
                _many[f >> 6] |= 1UL << (f & 63);
            }
            _few = null;
        }
    }

    /// <summary>The lead firms of a request: LEAD_FIRM role, in scope, in one of its lead sectors when given.</summary>
    internal static List<int> Leads(SupplyGraph snap, LocalizationRequest request, Func<int, bool> inScope)
    {
        var sectors = request.LeadSectorIds is { } ids ? snap.ExpandSectors(ids) : null;
        var leads = new List<int>();
        foreach (var nid in snap.LeadFirms)
        {
            if (inScope(nid) && (sectors is null || ((Firm)snap.Nodes[nid]!).SectorIds.Any(s => sectors.Contains(snap.NidOf(s)))))
            {
                leads.Add(nid);
            }
        }
        return leads;
    }

    /// <summary>A fast test of a firm filter by nid: province and country sets read the snapshot's firm columns.</summary>
    internal static Func<int, bool> FirmTest(SupplyGraph snap, NodeFilter scope)
    {
        if (scope == new NodeFilter { ProvinceIds = scope.ProvinceIds } && scope.ProvinceIds is { } provinces)
        {
            var slots = snap.SlotsIn(provinces.Select(snap.NidOf).Where(p => p >= 0).ToHashSet());
            var place = snap.FirmPlace;
            return nid => slots[place[nid] & 0xFFFF];
        }
        if (scope == new NodeFilter { Countries = scope.Countries } && scope.Countries is { } countries)
        {
            var wanted = countries.ToHashSet(StringComparer.OrdinalIgnoreCase);
            var allowed = snap.Countries.Select(wanted.Contains).ToArray();
            return nid => snap.FirmCountry[nid] is >= 0 and var c && allowed[c];
        }
        var test = NodeFilterCompiler.Compile(snap, NodeKind.Firm, scope);
        return test is null ? nid => snap.Nodes[nid] is Firm : nid => snap.Nodes[nid] is Firm f && test(f, nid);
    }
}
