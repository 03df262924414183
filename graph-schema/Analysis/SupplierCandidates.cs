using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>Domestic supplier candidates for lead firms' foreign inputs, ranked by <see cref="LocalizationScoring"/>.</summary>
internal static partial class LocalizationAnalysis
{
    public static IReadOnlyList<IReadOnlyList<SupplierCandidate>> Candidates(
        SupplyGraph snap, LocalizationRequest request, IReadOnlyList<string> inputSectorIds, int first, CancellationToken cancellationToken)
    {
        var inScope = FirmTest(snap, request.Scope);
        var isScopeLead = new bool[snap.Nodes.Length];
        foreach (var lead in Leads(snap, request, inScope))
        {
            isScopeLead[lead] = true;
        }
        var locator = new Locator(snap);
        var gaps = inputSectorIds.Select(id => snap.NidOf(id) is >= 0 and var nid && snap.Nodes[nid] is Sector ? new GapWork(nid, snap.ExpandSectors([id])) : null).ToArray();
        CollectPurchases(snap, gaps, isScopeLead, request.AsOf.DayNumber, cancellationToken);
        var result = new List<IReadOnlyList<SupplierCandidate>>(gaps.Length);
        foreach (var gap in gaps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(gap is null || first <= 0 ? [] : new GapRanking(snap, gap, isScopeLead, locator).Best(first));
        }
        return result;
    }

    /// <summary>
    /// One pass over every lead firm's links for all gaps at once: what the scope's lead firms buy of each input, from
    /// whom and where they are; and what every firm already supplies of it to other lead firms (proven capability).
    /// </summary>
    private static void CollectPurchases(SupplyGraph snap, GapWork?[] gaps, bool[] isScopeLead, int asOf, CancellationToken cancellationToken)
    {
        var gapsOfSector = new Dictionary<int, GapWork[]>();
        var lastSector = -1;
        GapWork[] lastGaps = [];
        var all = snap.LeadFirms;
        for (var k = 0; k < all.Length; k++)
        {
            if ((k & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            var lead = all[k];
            var ofScope = isScopeLead[lead];
            foreach (var i in snap.InLinks(lead))
            {
                if (snap.LinkSince[i] > asOf || snap.LinkUntil[i] < asOf)
                {
                    continue;
                }
                var sector = snap.LinkSector[i];
                if (sector != lastSector)
                {
                    if (!gapsOfSector.TryGetValue(sector, out lastGaps!))
                    {
                        gapsOfSector[sector] = lastGaps = [.. gaps.OfType<GapWork>().Where(g => g.Subtree.Contains(sector))];
                    }
                    lastSector = sector;
                }
                foreach (var gap in lastGaps)
                {
                    if (ofScope)
                    {
                        gap.Add(snap, lead, i);
                    }
                    else
                    {
                        gap.AddProven(snap, lead, i);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The candidates of one gap: every eligible firm (domestic, not a buyer, not already supplying the input) with its
    /// best sector fit, each scored without allocating, and only the best made into results.
    /// </summary>
    private sealed class GapRanking(SupplyGraph snap, GapWork gap, bool[] isScopeLead, Locator locator)
    {
        private readonly List<(double Lat, double Lng)> _buyers = [.. gap.Buyers.Select(locator.Of).OfType<(double Lat, double Lng)>().Distinct()];
        private readonly Dictionary<(double, double), double> _distanceOf = [];

        public IReadOnlyList<SupplierCandidate> Best(int first)
        {
            var bestFit = BestFits();
            var scores = new (double Score, int Firm)[bestFit.Count];
            var n = 0;
            foreach (var (firm, fit) in bestFit)
            {
                scores[n++] = (Candidate(firm, fit).Score, firm);
            }
            Array.Sort(scores, (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(snap.Nodes[a.Firm]!.Id, snap.Nodes[b.Firm]!.Id));
            return [.. scores.Take(first).Select(s => Candidate(s.Firm, bestFit[s.Firm]))];
        }

        /// <summary>Each eligible firm of the input's sectors with the best fit of its sectors to what is bought abroad.</summary>
        private Dictionary<int, double> BestFits()
        {
            var weights = gap.ForeignValue > 0
                ? [.. gap.ForeignBySector.Where(w => w.Value > 0).Select(w => (Sector: w.Key, Weight: w.Value / gap.ForeignValue))]
                : Equal(gap.ForeignLinksBySector.Count > 0 ? gap.ForeignLinksBySector : gap.AnyBySector.Count > 0 ? gap.AnyBySector : new Dictionary<int, int> { [gap.Sector] = 1 });
            var bestFit = new Dictionary<int, double>();
            foreach (var sector in gap.Subtree)
            {
                var firms = snap.InNeighbours(RelType.InSector, sector);
                if (firms.Length == 0)
                {
                    continue;
                }
                var fit = 0.0;
                foreach (var (bought, weight) in weights)
                {
                    fit += weight * Fit(snap, sector, bought);
                }
                fit = Math.Round(fit, 4, MidpointRounding.AwayFromZero);
                foreach (var firm in firms)
                {
                    if (snap.FirmCountry[firm] == snap.DomesticCountry && !isScopeLead[firm] && !gap.Supplying.Contains(firm)
                        && (!bestFit.TryGetValue(firm, out var had) || had < fit))
                    {
                        bestFit[firm] = fit;
                    }
                }
            }
            return bestFit;
        }

        private readonly Dictionary<string, bool> _corresponds = new(StringComparer.Ordinal);
        private readonly string? _division = snap.Nodes[gap.Sector] is Sector s && Rules.SectorCode.Of(s) is { Length: >= 2 } code && char.IsAsciiDigit(code[0])
            ? Rules.SectorCode.IdOf(Classification.Vsic2025, code[..2]) : null;

        /// <summary>The best product of a firm's profile for the input (verified first), and the fit it gives; (0, null) when none corresponds.</summary>
        private (double Fit, string? ProductId) MakesFit(Firm firm)
        {
            if (_division is null || firm.Capabilities is not { Products.Count: > 0 } profile)
            {
                return (0, null);
            }
            FirmProduct? best = null;
            foreach (var made in profile.Products)
            {
                if (!_corresponds.TryGetValue(made.ProductId, out var ok))
                {
                    ok = snap.NidOf(made.ProductId) is >= 0 and var nid && snap.Nodes[nid] is Product product && DivisionIds([product]).Contains(_division, StringComparer.Ordinal);
                    _corresponds[made.ProductId] = ok;
                }
                if (ok && (best is null || (made.Verified && !best.Verified)))
                {
                    best = made;
                }
            }
            return best is null ? (0, null) : (best.Verified ? LocalizationScoring.ClassFit : LocalizationScoring.MakesFit, best.ProductId);
        }

        private SupplierCandidate Candidate(int firm, double sectorFit)
        {
            var node = (Firm)snap.Nodes[firm]!;
            var (makesFit, makes) = MakesFit(node);
            var fit = Math.Max(sectorFit, makesFit);
            makes = makesFit > sectorFit ? makes : null;
            var (provenValue, provenBuyers, _) = gap.Proven.GetValueOrDefault(firm);
            var proven = Math.Round(LocalizationScoring.Proven(provenBuyers, provenValue, gap.ForeignValue), 4, MidpointRounding.AwayFromZero);
            var distance = DistanceOf(firm);
            var proximity = Math.Round(LocalizationScoring.Proximity(distance), 4, MidpointRounding.AwayFromZero);
            var alliance = node.AllianceIds.Count > 0;
            var size = LocalizationScoring.Size(node.Size);
            return new SupplierCandidate(
                node.Id, LocalizationScoring.Candidate(fit, proven, proximity, alliance, size), fit, distance, proximity, proven, provenValue, provenBuyers, alliance, size)
            {
                MakesProductId = makes,
            };
        }

        /// <summary>Kilometres to the nearest buyer with a place (one decimal), or null when either has none.</summary>
        private double? DistanceOf(int firm)
        {
            if (_buyers.Count == 0 || locator.Of(firm) is not { } p)
            {
                return null;
            }
            if (!_distanceOf.TryGetValue(p, out var d))
            {
                d = double.PositiveInfinity;
                foreach (var b in _buyers)
                {
                    d = Math.Min(d, LocalizationScoring.DistanceKm(p.Lat, p.Lng, b.Lat, b.Lng));
                }
                _distanceOf[p] = d = Math.Round(d, 1, MidpointRounding.AwayFromZero);
            }
            return d;
        }
    }

    /// <summary>
    /// What lead firms buy of one input: for the scope's, foreign value by link sector, every link's sector, buyers and
    /// suppliers; for the others, what each supplier already supplies them (value, distinct lead firms).
    /// </summary>
    private sealed class GapWork(int sector, HashSet<int> subtree)
    {
        public int Sector { get; } = sector;
        public HashSet<int> Subtree { get; } = subtree;
        public Dictionary<int, double> ForeignBySector { get; } = [];
        public Dictionary<int, int> ForeignLinksBySector { get; } = [];
        public Dictionary<int, int> AnyBySector { get; } = [];
        public HashSet<int> Supplying { get; } = [];
        public List<int> Buyers { get; } = [];
        public Dictionary<int, (double Value, int Leads, int LastLead)> Proven { get; } = [];
        public double ForeignValue { get; private set; }

        public void Add(SupplyGraph snap, int lead, int link)
        {
            if (Buyers.Count == 0 || Buyers[^1] != lead)
            {
                Buyers.Add(lead);
            }
            var supplier = snap.LinkSupplier[link];
            var sector = snap.LinkSector[link];
            Supplying.Add(supplier);
            AnyBySector[sector] = AnyBySector.GetValueOrDefault(sector) + 1;
            if (snap.FirmCountry[supplier] != snap.DomesticCountry)
            {
                var value = double.IsNaN(snap.LinkValue[link]) ? 0 : snap.LinkValue[link];
                ForeignBySector[sector] = ForeignBySector.GetValueOrDefault(sector) + value;
                ForeignLinksBySector[sector] = ForeignLinksBySector.GetValueOrDefault(sector) + 1;
                ForeignValue += value;
            }
        }

        public void AddProven(SupplyGraph snap, int lead, int link)
        {
            var supplier = snap.LinkSupplier[link];
            if (snap.FirmCountry[supplier] != snap.DomesticCountry)
            {
                return;
            }
            ref var entry = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(Proven, supplier, out var existed);
            if (!existed)
            {
                entry.LastLead = -1;
            }
            entry.Value += double.IsNaN(snap.LinkValue[link]) ? 0 : snap.LinkValue[link];
            if (entry.LastLead != lead)
            {
                entry.LastLead = lead;
                entry.Leads++;
            }
        }
    }

    private static List<(int Sector, double Weight)> Equal(Dictionary<int, int> counts)
    {
        var total = (double)counts.Values.Sum();
        return [.. counts.Select(c => (c.Key, c.Value / total))];
    }

    /// <summary>How exactly a firm's sector matches a bought input's: same class, else same group, else same division.</summary>
    private static double Fit(SupplyGraph snap, int firmSector, int bought)
    {
        var a = snap.SectorPath(firmSector);
        var b = snap.SectorPath(bought);
        static bool Same(int[] x, int[] y, SectorLevel level) => y[(int)level] >= 0 && x[(int)level] == y[(int)level];
        return Same(a, b, SectorLevel.Class) ? LocalizationScoring.ClassFit
            : Same(a, b, SectorLevel.Group) ? LocalizationScoring.GroupFit
            : Same(a, b, SectorLevel.Division) ? LocalizationScoring.DivisionFit
            : 0;
    }
}
