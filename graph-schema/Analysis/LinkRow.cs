using System.Runtime.InteropServices;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>A supply link in interned form: node ids as nids, product and source list as table indexes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LinkRow : IComparable<LinkRow>
{
    public int Buyer;
    public int Supplier;
    public int Sector;
    public int Product;
    public int Since;
    public int Until;
    public int Sources;

    /// <summary>The nid of the link's HS product plus one; 0 when the link names none (so a new row names none).</summary>
    public int Hs;
    public float Confidence;
    public double Value;

    public const int NoDate = int.MinValue;
    public const int OpenUntil = int.MaxValue;

    /// <summary>The identity order: buyer, supplier, sector, product (the SQLite primary key's order).</summary>
    public readonly int CompareTo(LinkRow other)
    {
        var c = Buyer.CompareTo(other.Buyer);
        if (c != 0)
        {
            return c;
        }
        c = Supplier.CompareTo(other.Supplier);
        if (c != 0)
        {
            return c;
        }
        c = Sector.CompareTo(other.Sector);
        return c != 0 ? c : Product.CompareTo(other.Product);
    }

    public readonly bool SameKey(in LinkRow other) =>
        Buyer == other.Buyer && Supplier == other.Supplier && Sector == other.Sector && Product == other.Product;

    public readonly bool SameValues(in LinkRow other) =>
        Since == other.Since && Until == other.Until && Sources == other.Sources && Hs == other.Hs &&
        Confidence.Equals(other.Confidence) && Value.Equals(other.Value);
}
