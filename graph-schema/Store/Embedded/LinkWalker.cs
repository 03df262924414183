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

/// <summary>Breadth-first walks over a snapshot's link columns. Marks live in a per-thread array reused across walks.</summary>
internal static class LinkWalker
{
    [ThreadStatic]
    private static int[]? t_marks;

    [ThreadStatic]
    private static int t_generation;

    private const int DepthBits = 3;
    private const int DepthMask = (1 << DepthBits) - 1;

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
        var inOffset = snap.InOffset;
        var outOffset = snap.OutOffset;
        var outLinks = snap.OutLinks;
        var suppliers = snap.LinkSupplier;
        var buyers = snap.LinkBuyer;
        for (var depth = 1; depth <= maxDepth && frontier.Count > 0; depth++)
        {
            next.Clear();
            links.Clear();
            var tierStamp = stamp | depth;
            foreach (var firm in frontier)
            {
                if (direction == Direction.In)
                {
                    var end = inOffset[firm + 1];
                    for (var i = inOffset[firm]; i < end; i++)
                    {
                        visited++;
                        var far = suppliers[i];
                        if (checkFilter && !filter.Pass(snap, i, far))
                        {
                            continue;
                        }
                        var m = marks[far];
                        if ((m >> DepthBits) != generation)
                        {
                            marks[far] = tierStamp;
                            next.Add(far);
                            links.Add(i);
                        }
                        else if (m == tierStamp)
                        {
                            links.Add(i);
                        }
                    }
                }
                else
                {
                    var end = outOffset[firm + 1];
                    for (var j = outOffset[firm]; j < end; j++)
                    {
                        visited++;
                        var i = outLinks[j];
                        var far = buyers[i];
                        if (checkFilter && !filter.Pass(snap, i, far))
                        {
                            continue;
                        }
                        var m = marks[far];
                        if ((m >> DepthBits) != generation)
                        {
                            marks[far] = tierStamp;
                            next.Add(far);
                            links.Add(i);
                        }
                        else if (m == tierStamp)
                        {
                            links.Add(i);
                        }
                    }
                }
            }
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
        result.LinksVisited = visited;
        return result;
    }
}
