using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>Supply links of a graph by identity and as records.</summary>
internal partial class SupplyGraph
{
    private LinkTable _rows;

    // The compressed sparse rows of the last full build: the links of buyer b are rows _inOffset[b] .. _inOffset[b+1];
    // the links of supplier s are _outLinks[_outOffset[s] .. _outOffset[s+1]]. Nids from _baseNodes on have none there.
    private int[] _inOffset;
    private int[] _outOffset;
    private int[] _outLinks;
    private int _baseNodes;

    // Since the last full build: the whole list of each firm whose links changed (null for the others).
    private Column<int[]?>? _inOverride;
    private Column<int[]?>? _outOverride;

    /// <summary>The last full build's offsets by buyer (nids past <see cref="BaseNodeCount"/> have no entry).</summary>
    public int[] BaseInOffset => _inOffset;

    /// <summary>The last full build's offsets by supplier into <see cref="BaseOutLinks"/>.</summary>
    public int[] BaseOutOffset => _outOffset;

    public int[] BaseOutLinks => _outLinks;

    public int BaseNodeCount => _baseNodes;

    /// <summary>Per firm, its list of incoming links when they changed since the last full build; null when none did.</summary>
    public Column<int[]?>? InOverride => _inOverride;

    /// <summary>Per firm, its list of outgoing links when they changed since the last full build; null when none did.</summary>
    public Column<int[]?>? OutOverride => _outOverride;

    /// <summary>The links a firm buys by, ordered by supplier, sector and product.</summary>
    public LinkIds InLinks(int buyer)
    {
        if (_inOverride is { } over && buyer < over.Length && over[buyer] is { } list)
        {
            return new LinkIds(list, 0, list.Length);
        }
        return buyer < _baseNodes ? new LinkIds(null, _inOffset[buyer], _inOffset[buyer + 1]) : default;
    }

    /// <summary>The links a firm supplies by, ordered by buyer, sector and product.</summary>
    public LinkIds OutLinks(int supplier)
    {
        if (_outOverride is { } over && supplier < over.Length && over[supplier] is { } list)
        {
            return new LinkIds(list, 0, list.Length);
        }
        return supplier < _baseNodes ? new LinkIds(_outLinks, _outOffset[supplier], _outOffset[supplier + 1]) : default;
    }

    /// <summary>Every link, in identity order (buyer, supplier, sector, product).</summary>
    public IEnumerable<int> AllLinks()
    {
        for (var buyer = 0; buyer < Nodes.Length; buyer++)
        {
            foreach (var link in InLinks(buyer))
            {
                yield return link;
            }
        }
    }

    /// <summary>Every link as a row, in identity order (what a full build of this graph lays out).</summary>
    public LinkRow[] LiveRows()
    {
        var rows = new LinkRow[LinkCount];
        var n = 0;
        foreach (var link in AllLinks())
        {
            rows[n++] = Row(link);
        }
        return rows;
    }

    /// <summary>The link index with this identity, or -1.</summary>
    public int FindLink(int supplier, int buyer, int sector, int product)
    {
        if (buyer < 0 || buyer >= Nodes.Length)
        {
            return -1;
        }
        var links = InLinks(buyer);
        var lo = 0;
        var hi = links.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var link = links[mid];
            var c = LinkSupplier[link].CompareTo(supplier);
            if (c == 0)
            {
                c = LinkSector[link].CompareTo(sector);
            }
            if (c == 0)
            {
                c = LinkProduct[link].CompareTo(product);
            }
            if (c == 0)
            {
                return link;
            }
            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return -1;
    }

    public LinkRow Row(int i) => new()
    {
        Buyer = LinkBuyer[i],
        Supplier = LinkSupplier[i],
        Sector = LinkSector[i],
        Product = LinkProduct[i],
        Since = LinkSince[i],
        Until = LinkUntil[i],
        Sources = LinkSources[i],
        Hs = _rows.Hs[i],
        Confidence = LinkConfidence[i],
        Value = LinkValue[i],
    };

    /// <summary>The nid of a link's HS product, or -1 when it names none.</summary>
    public int LinkHs(int i) => _rows.Hs[i] - 1;

    public SupplyLink Materialize(int i)
    {
        var product = Products[LinkProduct[i]];
        return new SupplyLink
        {
            SupplierId = Nodes[LinkSupplier[i]]!.Id,
            BuyerId = Nodes[LinkBuyer[i]]!.Id,
            SectorId = Nodes[LinkSector[i]]!.Id,
            Product = product.Length == 0 ? null : product,
            ValueUsd = double.IsNaN(LinkValue[i]) ? null : LinkValue[i],
            Since = LinkSince[i] == LinkRow.NoDate ? null : DateOnly.FromDayNumber(LinkSince[i]),
            Until = LinkUntil[i] == LinkRow.OpenUntil ? null : DateOnly.FromDayNumber(LinkUntil[i]),
            Confidence = Math.Round(LinkConfidence[i], 6),
            Sources = SourceSets[LinkSources[i]],
            HsProductId = _rows.Hs[i] == 0 ? null : Nodes[_rows.Hs[i] - 1]?.Id,
        };
    }
}

/// <summary>
/// Link indexes of one firm: a range of rows (a full build's links by buyer), a range of a list, or a list of its own.
/// </summary>
internal readonly struct LinkIds(int[]? list, int start, int end)
{
    public int Count => end - start;

    public int this[int k] => list is null ? start + k : list[start + k];

    public Enumerator GetEnumerator() => new(list, start, end);

    public struct Enumerator(int[]? list, int start, int end)
    {
        private int _at = start - 1;

        public readonly int Current => list is null ? _at : list[_at];

        public bool MoveNext() => ++_at < end;
    }
}

/// <summary>
/// The columns of supply link rows, shared by the versions made from one full build. Rows are only ever appended (by
/// the one writer, before it publishes the version that reaches them), so a version reads its rows without a lock.
/// </summary>
internal sealed class LinkTable(int capacity)
{
    public readonly int[] Buyer = new int[capacity];
    public readonly int[] Supplier = new int[capacity];
    public readonly int[] Sector = new int[capacity];
    public readonly int[] Product = new int[capacity];
    public readonly int[] Since = new int[capacity];
    public readonly int[] Until = new int[capacity];
    public readonly int[] Sources = new int[capacity];
    public readonly int[] Hs = new int[capacity];
    public readonly float[] Confidence = new float[capacity];
    public readonly double[] Value = new double[capacity];

    /// <summary>Rows written so far.</summary>
    public int Used { get; private set; }

    public int Capacity => Buyer.Length;

    public int Free => Capacity - Used;

    /// <summary>The room a full build leaves after its rows for later versions: a sixty-fourth, at least 4,096 rows.</summary>
    public static int RoomFor(int rows) => Math.Max(4096, rows / 64);

    public void Fill(LinkRow[] rows, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Set(i, rows[i]);
        }
        Used = count;
    }

    /// <summary>Appends a row and returns its index (the caller checked <see cref="Free"/>).</summary>
    public int Append(in LinkRow row)
    {
        var i = Used;
        Set(i, row);
        Used = i + 1;
        return i;
    }

    private void Set(int i, in LinkRow row)
    {
        Buyer[i] = row.Buyer;
        Supplier[i] = row.Supplier;
        Sector[i] = row.Sector;
        Product[i] = row.Product;
        Since[i] = row.Since;
        Until[i] = row.Until;
        Sources[i] = row.Sources;
        Hs[i] = row.Hs;
        Confidence[i] = row.Confidence;
        Value[i] = row.Value;
    }
}
