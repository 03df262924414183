using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Store.Embedded;

/// <summary>A supply-link filter compiled against one snapshot: sector sets expanded to descendants, countries to indexes.</summary>
internal sealed class CompiledLinkFilter
{
    public static readonly CompiledLinkFilter None = new();

    private HashSet<int>? _sectors;
    private bool[]? _countries;
    private double _minValue = double.NegativeInfinity;
    private int _asOf;
    private bool _hasAsOf;
    private float _minConfidence = float.NegativeInfinity;

    public bool IsEmpty { get; private set; } = true;

    public static CompiledLinkFilter Compile(GraphSnapshot snap, LinkFilter? filter)
    {
        if (filter is null)
        {
            return None;
        }
        var compiled = new CompiledLinkFilter();
        if (filter.SectorIds is { } sectors)
        {
            compiled._sectors = snap.ExpandSectors(sectors);
            compiled.IsEmpty = false;
        }
        if (filter.Countries is { } || filter.DomesticOnly)
        {
            var allowed = new bool[snap.Countries.Length];
            var wanted = filter.Countries is { } countries ? new HashSet<string>(countries, StringComparer.OrdinalIgnoreCase) : null;
            for (var c = 0; c < allowed.Length; c++)
            {
                allowed[c] = (wanted is null || wanted.Contains(snap.Countries[c])) && (!filter.DomesticOnly || c == snap.DomesticCountry);
            }
            compiled._countries = allowed;
            compiled.IsEmpty = false;
        }
        if (filter.MinValueUsd is { } minValue)
        {
            compiled._minValue = minValue;
            compiled.IsEmpty = false;
        }
        if (filter.AsOf is { } asOf)
        {
            compiled._asOf = asOf.DayNumber;
            compiled._hasAsOf = true;
            compiled.IsEmpty = false;
        }
        if (filter.MinConfidence is { } minConfidence)
        {
            compiled._minConfidence = (float)minConfidence - 1e-6f;
            compiled.IsEmpty = false;
        }
        return compiled;
    }

    public bool Pass(GraphSnapshot snap, int link, int far)
    {
        if (_sectors is not null && !_sectors.Contains(snap.LinkSector[link]))
        {
            return false;
        }
        if (_countries is not null)
        {
            var c = snap.FirmCountry[far];
            if (c < 0 || !_countries[c])
            {
                return false;
            }
        }
        if (_minValue > double.NegativeInfinity && !(snap.LinkValue[link] >= _minValue))
        {
            return false;
        }
        if (_hasAsOf && (snap.LinkSince[link] > _asOf || snap.LinkUntil[link] < _asOf))
        {
            return false;
        }
        return snap.LinkConfidence[link] >= _minConfidence;
    }
}

/// <summary>The compact result of a walk: per tier, the firms first reached there and the links that reach them.</summary>
internal sealed class WalkResult
{
    public List<int[]> TierFirms { get; } = [];
    public List<int[]> TierLinks { get; } = [];
    public bool Truncated { get; set; }
    public long LinksVisited { get; set; }
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

    public static WalkResult Walk(GraphSnapshot snap, ReadOnlySpan<int> roots, Direction direction, int maxDepth, CompiledLinkFilter filter, int maxFirms)
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
        // the supplier. Downstream: the range indexes OutLinks, which gives the link; the far firm is the buyer.
        var offsets = upstream ? snap.InOffset : snap.OutOffset;
        var far = upstream ? snap.LinkSupplier : snap.LinkBuyer;
        var outLinks = snap.OutLinks;
        var batchLinks = stackalloc int[Batch];
        var batchFar = stackalloc int[Batch];
        fixed (int* pMarks = marks, pOffsets = offsets, pFar = far, pOut = outLinks)
        {
            for (var depth = 1; depth <= maxDepth && frontier.Count > 0; depth++)
            {
                next.Clear();
                links.Clear();
                var tierStamp = stamp | depth;
                var pending = 0;
                for (var k = 0; k < frontier.Count; k++)
                {
                    if (k + FirmsAhead < frontier.Count)
                    {
                        Prefetch(pOffsets + frontier[k + FirmsAhead]);
                    }
                    var firm = frontier[k];
                    var end = pOffsets[firm + 1];
                    for (var j = pOffsets[firm]; j < end; j++)
                    {
                        visited++;
                        var link = upstream ? j : pOut[j];
                        var target = pFar[link];
                        if (checkFilter && !filter.Pass(snap, link, target))
                        {
                            continue;
                        }
                        Prefetch(pMarks + target);
                        batchLinks[pending] = link;
                        batchFar[pending] = target;
                        if (++pending == Batch)
                        {
                            Settle(pMarks, batchLinks, batchFar, pending, generation, tierStamp, next, links);
                            pending = 0;
                        }
                    }
                }
                Settle(pMarks, batchLinks, batchFar, pending, generation, tierStamp, next, links);
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
                (frontier, next) = (next, frontier);
            }
        }
        result.LinksVisited = visited;
        return result;
    }

    /// <summary>Checks the marks of a batch of links, in order: a firm not seen yet joins the next tier; a link to a firm first seen in this tier is kept.</summary>
    private static void Settle(int* marks, int* batchLinks, int* batchFar, int count, int generation, int tierStamp, List<int> next, List<int> links)
    {
        for (var b = 0; b < count; b++)
        {
            var target = batchFar[b];
            var m = marks[target];
            if ((m >> DepthBits) != generation)
            {
                marks[target] = tierStamp;
                next.Add(target);
                links.Add(batchLinks[b]);
            }
            else if (m == tierStamp)
            {
                links.Add(batchLinks[b]);
            }
        }
    }

    private static void Prefetch(int* address)
    {
        if (System.Runtime.Intrinsics.X86.Sse.IsSupported)
        {
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(address);
        }
    }
}
