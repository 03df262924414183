using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>The compact result of a walk: per tier, the firms first reached there and the links that reach them.</summary>
internal sealed class WalkResult
{
    public List<int[]> TierFirms { get; } = [];
    public List<int[]> TierLinks { get; } = [];
    public bool Truncated { get; set; }
    public long LinksVisited { get; set; }

    /// <summary>With <see cref="LinkWalker.Walk"/>'s <c>sumValues</c>: the known value of each kept tier's links.</summary>
    public List<double> TierValues { get; } = [];

    /// <summary>With <c>sumValues</c>: values of the kept tiers' links by the far firm's country index + 1 (0: none).</summary>
    public double[] ValueByCountry { get; set; } = [];

    /// <summary>With <c>sumValues</c>: values by the far firm's province slot + 1 (see <see cref="SupplyGraph.FirmPlace"/>).</summary>
    public double[] ValueByProvince { get; set; } = [];
}

/// <summary>
/// Breadth-first walks over a snapshot's link columns. Marks live in a per-thread array reused across walks.
/// The walk is bound by memory latency: each link lands on a random firm whose mark must be read. So the links of a tier
/// are gathered in small batches while the marks they will need are prefetched, and only then checked: many cache misses
/// are in flight at once instead of one after another.
/// </summary>
internal static unsafe class LinkWalker
{
    [ThreadStatic]
    private static int[]? t_marks;

    [ThreadStatic]
    private static int t_generation;

    private const int DepthBits = 3;
    private const int DepthMask = (1 << DepthBits) - 1;

    /// <summary>Links gathered before their marks are checked: enough to overlap many misses, few enough to stay in L1.</summary>
    private const int Batch = 128;

    /// <summary>How many frontier firms ahead the offsets are prefetched.</summary>
    private const int FirmsAhead = 8;

    /// <summary>How many frontier firms ahead the first links are prefetched (their offsets were prefetched before).</summary>
    private const int LinksAhead = 4;

    /// <summary>
    /// Walks from the roots to <paramref name="maxDepth"/> tiers, stopping before a tier that would take the firms found
    /// past <paramref name="maxFirms"/>. With <paramref name="sumValues"/> the kept links' known values are summed per tier
    /// and by the far firm's country and province as they are found, while their firm's place is still in cache.
    /// </summary>
    public static WalkResult Walk(
        SupplyGraph snap, ReadOnlySpan<int> roots, Direction direction, int maxDepth, CompiledLinkFilter filter, int maxFirms, bool sumValues = false)
    {
        if (maxDepth > DepthMask)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDepth), $"at most {DepthMask} tiers");
        }
        var marks = t_marks;
        if (marks is null || marks.Length < snap.Nodes.Length)
        {
            marks = new int[Math.Max(snap.Nodes.Length, 1024)];
            t_marks = marks;
            t_generation = 0;
        }
        var generation = ++t_generation;
        if (generation >= (int.MaxValue >> DepthBits))
        {
            Array.Clear(marks);
            generation = t_generation = 1;
        }
        var stamp = generation << DepthBits;
        var result = new WalkResult();
        var frontier = new List<int>(roots.Length);
        foreach (var root in roots)
        {
            if (root >= 0 && (marks[root] >> DepthBits) != generation)
            {
                marks[root] = stamp;
                frontier.Add(root);
            }
        }
        var found = 0;
        long visited = 0;
        var next = new List<int>();
        var links = new List<int>();
        var checkFilter = !filter.IsEmpty;
        var upstream = direction == Direction.In;
        // Upstream: a firm's links are the range offsets[firm]..offsets[firm + 1] of the link columns, the far firm is
        // the supplier. Downstream: the range indexes OutLinks, which gives the link; the far firm is the buyer. A firm
        // whose links changed since the last full build has a list of its own instead (see SupplyGraph.InOverride).
        var offsets = upstream ? snap.BaseInOffset : snap.BaseOutOffset;
        var far = upstream ? snap.LinkSupplier : snap.LinkBuyer;
        var outLinks = snap.BaseOutLinks;
        var own = upstream ? snap.InOverride : snap.OutOverride;
        var baseNodes = snap.BaseNodeCount;
        var place = snap.FirmPlace;
        var batchLinks = stackalloc int[Batch];
        var batchFar = stackalloc int[Batch];
        var sums = new Sums(sumValues, snap);
        fixed (int* pMarks = marks, pOffsets = offsets, pFar = far, pOut = outLinks)
        fixed (double* pValues = snap.LinkValue, pTierCountry = sums.TierCountry, pTierProvince = sums.TierProvince)
        fixed (int* pSince = snap.LinkSince, pUntil = snap.LinkUntil)
        {
            var prefetchDates = checkFilter && filter.ReadsDates && upstream;
            sums.Values = pValues;
            sums.Country = pTierCountry;
            sums.Province = pTierProvince;
            for (var depth = 1; depth <= maxDepth && frontier.Count > 0; depth++)
            {
                next.Clear();
                links.Clear();
                var tierStamp = stamp | depth;
                var pending = 0;
                for (var k = 0; k < frontier.Count; k++)
                {
                    if (k + FirmsAhead < frontier.Count && frontier[k + FirmsAhead] < baseNodes)
                    {
                        Prefetch(pOffsets + frontier[k + FirmsAhead]);
                    }
                    if (k + LinksAhead < frontier.Count && frontier[k + LinksAhead] < baseNodes)
                    {
                        // Upstream the firm's links are a range of the link columns; downstream a range of OutLinks.
                        var first = pOffsets[frontier[k + LinksAhead]];
                        Prefetch(upstream ? pFar + first : pOut + first);
                        if (prefetchDates)
                        {
                            Prefetch(pSince + first);
                            Prefetch(pUntil + first);
                        }
                        if (sumValues && upstream)
                        {
                            Prefetch(pValues + first);
                        }
                    }
                    var firm = frontier[k];
                    var list = own is not null && firm < own.Length ? own[firm] : null;
                    int start, end;
                    if (list is not null)
                    {
                        (start, end) = (0, list.Length);
                    }
                    else if (firm < baseNodes)
                    {
                        (start, end) = (pOffsets[firm], pOffsets[firm + 1]);
                    }
                    else
                    {
                        continue;
                    }
                    for (var j = start; j < end; j++)
                    {
                        visited++;
                        var link = list is not null ? list[j] : upstream ? j : pOut[j];
                        var target = pFar[link];
                        if (checkFilter && !filter.Pass(snap, link, target))
                        {
                            continue;
                        }
                        Prefetch(pMarks + target);
                        if (sumValues)
                        {
                            Prefetch(place.AddressOf(target));
                            Prefetch(pValues + link);
                        }
                        batchLinks[pending] = link;
                        batchFar[pending] = target;
                        if (++pending == Batch)
                        {
                            Settle(pMarks, batchLinks, batchFar, pending, generation, tierStamp, next, links, ref sums);
                            pending = 0;
                        }
                    }
                }
                Settle(pMarks, batchLinks, batchFar, pending, generation, tierStamp, next, links, ref sums);
                if (next.Count == 0)
                {
                    break;
                }
                if (found + next.Count > maxFirms)
                {
                    result.Truncated = true;
                    break;
                }
                found += next.Count;
                result.TierFirms.Add([.. next]);
                result.TierLinks.Add([.. links]);
                sums.KeepTier(result);
                (frontier, next) = (next, frontier);
            }
        }
        result.LinksVisited = visited;
        if (sumValues)
        {
            result.ValueByCountry = sums.ByCountry;
            result.ValueByProvince = sums.ByProvince;
        }
        return result;
    }

    /// <summary>Running sums of a walk's link values: the current tier's, merged into the totals when the tier is kept.</summary>
    private struct Sums(bool enabled, SupplyGraph snap)
    {
        public readonly bool Enabled = enabled;
        public readonly double[] TierCountry = enabled ? new double[snap.Countries.Length + 1] : [];
        public readonly double[] TierProvince = enabled ? new double[snap.ProvinceBySlot.Length + 1] : [];
        public readonly double[] ByCountry = enabled ? new double[snap.Countries.Length + 1] : [];
        public readonly double[] ByProvince = enabled ? new double[snap.ProvinceBySlot.Length + 1] : [];
        public double TierValue;
        public readonly Column<int> Place = snap.FirmPlace;
        public double* Values;
        public double* Country;
        public double* Province;

        public void Add(int link, int target)
        {
            var value = Values[link];
            if (double.IsNaN(value))
            {
                return;
            }
            TierValue += value;
            var at = Place[target];
            Country[at >> 16] += value;
            Province[at & 0xFFFF] += value;
        }

        public void KeepTier(WalkResult result)
        {
            if (!Enabled)
            {
                return;
            }
            result.TierValues.Add(TierValue);
            MoveInto(TierCountry, ByCountry);
            MoveInto(TierProvince, ByProvince);
            TierValue = 0;
        }

        private static void MoveInto(double[] tier, double[] total)
        {
            for (var i = 0; i < tier.Length; i++)
            {
                total[i] += tier[i];
                tier[i] = 0;
            }
        }
    }

    /// <summary>Checks the marks of a batch of links, in order: a firm not seen yet joins the next tier; a link to a firm first seen in this tier is kept.</summary>
    private static void Settle(
        int* marks, int* batchLinks, int* batchFar, int count, int generation, int tierStamp, List<int> next, List<int> links, ref Sums sums)
    {
        for (var b = 0; b < count; b++)
        {
            var target = batchFar[b];
            var m = marks[target];
            if ((m >> DepthBits) != generation)
            {
                marks[target] = tierStamp;
                next.Add(target);
            }
            else if (m != tierStamp)
            {
                continue;
            }
            links.Add(batchLinks[b]);
            if (sums.Enabled)
            {
                sums.Add(batchLinks[b], target);
            }
        }
    }

    private static void Prefetch(void* address)
    {
        if (System.Runtime.Intrinsics.X86.Sse.IsSupported)
        {
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(address);
        }
    }
}
