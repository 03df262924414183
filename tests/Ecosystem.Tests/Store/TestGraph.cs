using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Tests.Store;

/// <summary>
/// A small hand-built graph whose every chain can be worked out on paper:
/// <code>
///   E --22--> C --26100--> A --26100--> L      (L is the lead firm in Bắc Ninh, Yên Phong park)
///             C --2610---> B --22-------> L
///                     D --26100--> B
///   L --26100--> E                               (a cycle back to E)
///   F --22--> L  ended 2020-12-31                (not valid today)
/// </code>
/// Countries: L, A, B, E, F are VN; C is CN; D is KR. Upstream from L: tier 1 {A, B, F}, tier 2 {C, D}, tier 3 {E}.
/// </summary>
public static class TestGraph
{
    public const string Src = "source:test";
    public const string L = "firm:lead", A = "firm:a", B = "firm:b", C = "firm:c", D = "firm:d", E = "firm:e", F = "firm:f";

    public static readonly IReadOnlyList<string> Cite = [Src];

    public static ChangeSet Build()
    {
        var nodes = new List<Node>
        {
            new Source { Id = Src, Name = "Test fixture (synthetic)", Synthetic = true },
            new Region { Id = "region:3", Code = "3", Name = "Đồng bằng sông Hồng", Sources = Cite },
            new Province { Id = "province:01-ha-noi", Code = "01", Name = "Hà Nội", FullName = "Thành phố Hà Nội", RegionId = "region:3", Sources = Cite },
            new Province { Id = "province:24-bac-ninh", Code = "24", Name = "Bắc Ninh", FullName = "Tỉnh Bắc Ninh", RegionId = "region:3", ValidFrom = new DateOnly(2025, 7, 1), Sources = Cite },
            new Province { Id = "province:27-bac-ninh-pre2025", Code = "27", Name = "Bắc Ninh", FullName = "Tỉnh Bắc Ninh", RegionId = "region:3", ValidTo = new DateOnly(2025, 7, 1), SuccessorId = "province:24-bac-ninh", Sources = Cite },
            new Province { Id = "province:30-hai-duong-pre2025", Code = "30", Name = "Hải Dương", FullName = "Tỉnh Hải Dương", RegionId = "region:3", ValidTo = new DateOnly(2025, 7, 1), Sources = Cite },
            Sector("sector:C", "C", SectorLevel.Section, "CÔNG NGHIỆP CHẾ BIẾN, CHẾ TẠO", null),
            Sector("sector:26", "26", SectorLevel.Division, "Sản xuất sản phẩm điện tử, máy tính và sản phẩm quang học", "sector:C"),
            Sector("sector:261", "261", SectorLevel.Group, "Sản xuất linh kiện điện tử", "sector:26"),
            Sector("sector:2610", "2610", SectorLevel.Class, "Sản xuất linh kiện điện tử", "sector:261"),
            Sector("sector:26100", "26100", SectorLevel.Subclass, "Sản xuất linh kiện điện tử", "sector:2610"),
            Sector("sector:22", "22", SectorLevel.Division, "Sản xuất sản phẩm từ cao su và plastic", "sector:C"),
            new Park { Id = "park:kcn-yen-phong", Name = "Khu công nghiệp Yên Phong", ParkKind = ParkKind.IndustrialPark, ProvinceId = "province:27-bac-ninh-pre2025", IndustrialAreaHa = 200, OccupancyPercent = 75, Sources = Cite },
            new Park { Id = "park:kcn-dinh-vu", Name = "Khu công nghiệp Đình Vũ", ParkKind = ParkKind.IndustrialPark, ProvinceId = "province:30-hai-duong-pre2025", Sources = Cite },
            new Alliance { Id = "alliance:g20", Name = "Liên minh Công nghiệp G20", Acronym = "G20", Sources = Cite },
            Firm(L, "Công ty Điện tử Dẫn Đầu", "VN", "province:24-bac-ninh", "park:kcn-yen-phong", "sector:26100", FirmRole.LeadFirm, "0100233488"),
            Firm(A, "Công ty Linh kiện An", "VN", "province:01-ha-noi", null, "sector:26100", FirmRole.SupportingIndustry),
            Firm(B, "Công ty Nhựa Bình", "VN", "province:30-hai-duong-pre2025", null, "sector:22", FirmRole.SupportingIndustry),
            Firm(C, "Shenzhen Components Co.", "CN", null, null, "sector:26100", null),
            Firm(D, "Busan Parts Co.", "KR", null, null, "sector:26100", null),
            Firm(E, "Công ty Hạt nhựa Đông", "VN", "province:01-ha-noi", null, "sector:22", FirmRole.SupportingIndustry) with { AllianceIds = ["alliance:g20"] },
            Firm(F, "Công ty Bao bì Phú", "VN", "province:01-ha-noi", null, "sector:22", FirmRole.SupportingIndustry),
        };
        var links = new List<SupplyLink>
        {
            Link(A, L, "sector:26100", 1000, "bo mạch"),
            Link(B, L, "sector:22", 500, "vỏ nhựa"),
            Link(C, A, "sector:26100", 300, "chip"),
            Link(C, B, "sector:2610", 50, null),
            Link(D, B, "sector:26100", 200, null),
            Link(E, C, "sector:22", 100, "hạt nhựa"),
            Link(L, E, "sector:26100", 10, null),
            Link(F, L, "sector:22", 70, "thùng carton") with { Since = new DateOnly(2015, 1, 1), Until = new DateOnly(2020, 12, 31) },
        };
        return new ChangeSet { UpsertNodes = nodes, UpsertLinks = links };
    }

    public static Sector Sector(string id, string code, SectorLevel level, string name, string? parent) => new()
    {
        Id = id, Code = code, Level = level, Name = name, ParentId = parent, Classification = Classification.Vsic2025, Sources = Cite,
    };

    public static Firm Firm(string id, string name, string country, string? province, string? park, string sector, FirmRole? role, string? taxCode = null) => new()
    {
        Id = id,
        Name = name,
        Country = country,
        ProvinceId = province,
        ParkId = park,
        SectorIds = [sector],
        Roles = role is { } r ? [r] : [],
        TaxCode = taxCode,
        Ownership = country == "VN" ? Ownership.DomesticPrivate : null,
        Sources = Cite,
    };

    public static SupplyLink Link(string supplier, string buyer, string sector, double value, string? product) => new()
    {
        SupplierId = supplier,
        BuyerId = buyer,
        SectorId = sector,
        ValueUsd = value,
        Product = product,
        Since = new DateOnly(2020, 1, 1),
        Confidence = 0.9,
        Sources = Cite,
    };
}
