namespace Ecosystem.Graph.Model;

/// <summary>The kinds of node in the graph; every node id starts with its kind's prefix.</summary>
public enum NodeKind
{
    Firm = 1,
    Park = 2,
    Province = 3,
    Region = 4,
    Corridor = 5,
    Sector = 6,
    Alliance = 7,
    Source = 8,
    Product = 9,
    Process = 10,
    CertificationStandard = 11,
}

/// <summary>Relationship types between nodes. SUPPLIES (firm to firm) carries properties and is a <see cref="SupplyLink"/>.</summary>
public enum RelType
{
    /// <summary>Firm or park to its province.</summary>
    InProvince = 1,
    /// <summary>Firm to the park it is located in.</summary>
    LocatedIn,
    /// <summary>Firm to its sectors.</summary>
    InSector,
    /// <summary>Firm to the alliances it belongs to.</summary>
    MemberOf,
    /// <summary>Park to its developer firm.</summary>
    DevelopedBy,
    /// <summary>Park to the sectors it prioritises.</summary>
    Prioritizes,
    /// <summary>Sector to its parent sector.</summary>
    Parent,
    /// <summary>Sector A to sector B when A is an input of B.</summary>
    Feeds,
    /// <summary>Former province to its successor after the 2025-07-01 merger.</summary>
    MergedInto,
    /// <summary>Province to its region.</summary>
    InRegion,
    /// <summary>Corridor to the provinces it joins.</summary>
    Includes,
    /// <summary>Supplier firm to buyer firm.</summary>
    Supplies,
    /// <summary>Any node or supply link to the sources that state it.</summary>
    CitedBy,
    /// <summary>Product to the HS heading or chapter it belongs to.</summary>
    PartOf,
    /// <summary>Product to the ISIC Rev.4 classes it corresponds to.</summary>
    CorrespondsTo,
}

/// <summary>Which way to follow a relationship from the given nodes.</summary>
public enum Direction
{
    /// <summary>Along the relationship: a firm's province; a supplier's buyers for SUPPLIES.</summary>
    Out = 1,
    /// <summary>Against the relationship (a province's firms; a buyer's suppliers for SUPPLIES).</summary>
    In = 2,
}
