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
    SourcingRequest = 12,
    Ward = 13,
}

/// <summary>Relationship types between nodes. SUPPLIES (firm to firm) carries properties and is a <see cref="SupplyLink"/>.</summary>
public enum RelType
{
    /// <summary>Firm, park or ward to its province.</summary>
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
    /// <summary>Former province (or former ward) to its successor after the 2025-07-01 merger.</summary>
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
    /// <summary>Firm to the products (HS codes) it makes.</summary>
    Makes,
    /// <summary>Firm to the manufacturing processes it runs.</summary>
    Runs,
    /// <summary>Firm to the certification standards it holds a certificate of (valid or not: see the certificate's dates).</summary>
    Holds,
    /// <summary>Sourcing request to the firm that posted it.</summary>
    PostedBy,
    /// <summary>Sourcing request to the products its items ask for.</summary>
    Requests,
    /// <summary>Sourcing request to the certification standards its items require.</summary>
    RequiresCertificate,
    /// <summary>Sourcing request to the processes its items require.</summary>
    RequiresProcess,
    /// <summary>Firm or park to the commune-level unit (ward) it lies in.</summary>
    InWard,
    /// <summary>Former ward to the wards in force it went into (all or part of it) on 2025-07-01.</summary>
    WentInto,
}

/// <summary>Which way to follow a relationship from the given nodes.</summary>
public enum Direction
{
    /// <summary>Along the relationship: a firm's province; a supplier's buyers for SUPPLIES.</summary>
    Out = 1,
    /// <summary>Against the relationship (a province's firms; a buyer's suppliers for SUPPLIES).</summary>
    In = 2,
}
