using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Tests.Store;

/// <summary>
/// A hand-built localization fixture (synthetic, and its source says so) whose every share, gap, candidate order and
/// park match is worked out on paper in <see cref="LocalizationConformanceTests"/>.
/// <para>
/// Places: Hải Phòng (new unit from 2025-07-01, centroid 20.8759, 106.4703) took in the former Hải Phòng and the former
/// Hải Dương (neither has a centroid of its own); Hà Nội (unchanged, 21.0001, 105.6980) and the same region; Đồng Nai
/// in another region. Parks: Đình Vũ (former Hải Phòng, 20.83, 106.76, 400 ha free, priority division 26), Đại An
/// (former Hải Dương, no coordinates, 40 ha free), Thăng Long (Hà Nội, 21.10, 105.78, nothing free, priority group
/// 261), Amata (Đồng Nai, 10.95, 106.87, area unknown, status unknown), Phú Nghĩa cluster (Hà Nội, planned, priority 22).
/// </para>
/// <code>
/// Lead firms     L1 lead-hp  26400 former Hải Phòng, Đình Vũ        L2 lead-hd  29100 former Hải Dương, Đại An
///                L3 lead-hn  26300 Hà Nội, Thăng Long              L4 lead-dn  26400 Đồng Nai, Amata (no links)
/// Links (valid from 2025-01-01 unless said; USD):
///   S1 mach-in (VN, new HP)  -26190-> L1 400     S2 nhua-dai-an (VN, HD, Đại An) -22209-> L1 150, L2 300
///   F1 busan (KR)            -26190-> L1 900, L2 (no value)          F2 shenzhen (CN) -26400-> L1 300, L3 (no value)
///   F3 ningbo (CN)           -27200-> L1 200, L2 100                 S3 day-cap (VN, Hà Nội) -27320-> L2 200, L3 100
///   S4 phu-tung (VN, old HP) -29300-> L2 250 from 2026-06-01         F4 nagoya (JP) -29300-> L2 600 (cites customs data)
///   F5 bangkok (TH)          -22190-> L2 100                          S1 -26190-> L2 80, 2020-01-01 to 2024-12-31 (ended)
///   S5 linh-kien (VN, Hà Nội, Thăng Long, LM VISA) -26190-> L3 500
///   F1 -26190-> S1 100 (tier 2)                                       S8 bao-bi (VN, Hà Nội, G20) -22201-> S2 50 (tier 2)
/// Candidates only: S6 pin-mat-troi (VN, new HP, 26110, small), S7 dien-tu-dn (VN, Đồng Nai, Amata, 26190, large).
/// FEEDS: 26 -> 26; 22, 27 -> 26 and 29; 29 -> 29; 25 -> 29 (cited by a rule source).
/// </code>
/// </summary>
public static class LocalizationGraph
{
    public const string Src = "source:fixture", Customs = "source:fixture-customs", Feeds = "source:fixture-feeds";
    public const string HaiPhong = "province:31-hai-phong", HaiPhongOld = "province:31-hai-phong-pre2025", HaiDuongOld = "province:30-hai-duong-pre2025";
    public const string HaNoi = "province:01-ha-noi", DongNai = "province:75-dong-nai";
    public const string DinhVu = "park:kcn-dinh-vu", DaiAn = "park:kcn-dai-an", ThangLong = "park:kcn-thang-long", Amata = "park:kcn-amata", PhuNghia = "park:ccn-phu-nghia";
    public const string L1 = "firm:lead-hp", L2 = "firm:lead-hd", L3 = "firm:lead-hn", L4 = "firm:lead-dn";
    public const string S1 = "firm:s-mach-in", S2 = "firm:s-nhua-dai-an", S3 = "firm:s-day-cap", S4 = "firm:s-phu-tung", S5 = "firm:s-linh-kien";
    public const string S6 = "firm:s-pin-mat-troi", S7 = "firm:s-dien-tu-dn", S8 = "firm:s-bao-bi";
    public const string F1 = "firm:f-busan", F2 = "firm:f-shenzhen", F3 = "firm:f-ningbo", F4 = "firm:f-nagoya", F5 = "firm:f-bangkok";

    /// <summary>The date most checks ask about: every link but the ended one is valid then.</summary>
    public static readonly DateOnly AsOf = new(2026, 9, 1);

    private static readonly IReadOnlyList<string> Cite = [Src];
    private static readonly DateOnly Merger = new(2025, 7, 1);

    public static ChangeSet Build()
    {
        var nodes = new List<Node>
        {
            new Source { Id = Src, Name = "Localization test fixture (synthetic)", Synthetic = true, SourceType = "synthetic" },
            new Source { Id = Customs, Name = "Customs declarations (synthetic)", Synthetic = true, SourceType = "synthetic" },
            new Source { Id = Feeds, Name = "Input-output rule of the fixture (synthetic)", Synthetic = true, SourceType = "rule" },
            new Region { Id = "region:3", Code = "3", Name = "Đồng bằng sông Hồng", Sources = Cite },
            new Region { Id = "region:7", Code = "7", Name = "Đông Nam Bộ", Sources = Cite },
            new Province { Id = HaiPhong, Code = "31", Name = "Hải Phòng", FullName = "Thành phố Hải Phòng", RegionId = "region:3", ValidFrom = Merger, Lat = 20.8759, Lng = 106.4703, Sources = Cite },
            new Province { Id = HaiPhongOld, Code = "31", Name = "Hải Phòng", FullName = "Thành phố Hải Phòng", RegionId = "region:3", ValidTo = Merger, SuccessorId = HaiPhong, MergerRelation = "code_retained", Sources = Cite },
            new Province { Id = HaiDuongOld, Code = "30", Name = "Hải Dương", FullName = "Tỉnh Hải Dương", RegionId = "region:3", ValidTo = Merger, SuccessorId = HaiPhong, MergerRelation = "merged_into", Sources = Cite },
            new Province { Id = HaNoi, Code = "01", Name = "Hà Nội", FullName = "Thành phố Hà Nội", RegionId = "region:3", Lat = 21.0001, Lng = 105.6980, MergerRelation = "unchanged", Sources = Cite },
            new Province { Id = DongNai, Code = "75", Name = "Đồng Nai", FullName = "Thành phố Đồng Nai", RegionId = "region:7", Lat = 11.4369, Lng = 107.0337, Sources = Cite },
            new Corridor { Id = "corridor:eastern-expressway", Name = "Trục cao tốc phía Đông", ProvinceIds = [HaiPhongOld, HaiDuongOld], Sources = Cite },
            new Alliance { Id = "alliance:lm-visa", Name = "Liên minh hỗ trợ Công nghiệp Việt Nam", Acronym = "LM VISA", Sources = Cite },
            new Alliance { Id = "alliance:g20", Name = "Liên minh Công nghiệp G20", Acronym = "G20", Sources = Cite },
            S("C", SectorLevel.Section, "CÔNG NGHIỆP CHẾ BIẾN, CHẾ TẠO", null),
            S("22", SectorLevel.Division, "Sản xuất sản phẩm từ cao su và plastic", "sector:C", ("26", 0.08), ("29", 0.07)),
            S("221", SectorLevel.Group, "Sản xuất sản phẩm từ cao su", "sector:22"),
            S("2219", SectorLevel.Class, "Sản xuất sản phẩm khác từ cao su", "sector:221"),
            S("22190", SectorLevel.Subclass, "Sản xuất sản phẩm khác từ cao su", "sector:2219"),
            S("222", SectorLevel.Group, "Sản xuất sản phẩm từ plastic", "sector:22"),
            S("2220", SectorLevel.Class, "Sản xuất sản phẩm từ plastic", "sector:222"),
            S("22201", SectorLevel.Subclass, "Sản xuất bao bì từ plastic", "sector:2220"),
            S("22209", SectorLevel.Subclass, "Sản xuất sản phẩm khác từ plastic", "sector:2220"),
            S("25", SectorLevel.Division, "Sản xuất sản phẩm từ kim loại đúc sẵn (trừ máy móc, thiết bị)", "sector:C", ("29", 0.08)),
            S("26", SectorLevel.Division, "Sản xuất sản phẩm điện tử, máy tính và sản phẩm quang học", "sector:C", ("26", 0.35)),
            S("261", SectorLevel.Group, "Sản xuất linh kiện điện tử", "sector:26"),
            S("2611", SectorLevel.Class, "Sản xuất pin mặt trời, tấm pin mặt trời và bộ biến tần quang điện", "sector:261"),
            S("26110", SectorLevel.Subclass, "Sản xuất pin mặt trời, tấm pin mặt trời và bộ biến tần quang điện", "sector:2611"),
            S("2619", SectorLevel.Class, "Sản xuất linh kiện điện tử khác", "sector:261"),
            S("26190", SectorLevel.Subclass, "Sản xuất linh kiện điện tử khác", "sector:2619"),
            S("263", SectorLevel.Group, "Sản xuất thiết bị truyền thông", "sector:26"),
            S("2630", SectorLevel.Class, "Sản xuất thiết bị truyền thông", "sector:263"),
            S("26300", SectorLevel.Subclass, "Sản xuất thiết bị truyền thông", "sector:2630"),
            S("264", SectorLevel.Group, "Sản xuất sản phẩm điện tử dân dụng", "sector:26"),
            S("2640", SectorLevel.Class, "Sản xuất sản phẩm điện tử dân dụng", "sector:264"),
            S("26400", SectorLevel.Subclass, "Sản xuất sản phẩm điện tử dân dụng", "sector:2640"),
            S("27", SectorLevel.Division, "Sản xuất thiết bị điện", "sector:C", ("26", 0.08), ("29", 0.07)),
            S("272", SectorLevel.Group, "Sản xuất pin và ắc quy", "sector:27"),
            S("2720", SectorLevel.Class, "Sản xuất pin và ắc quy", "sector:272"),
            S("27200", SectorLevel.Subclass, "Sản xuất pin và ắc quy", "sector:2720"),
            S("273", SectorLevel.Group, "Sản xuất dây và thiết bị dây dẫn", "sector:27"),
            S("2732", SectorLevel.Class, "Sản xuất dây, cáp điện và điện tử khác", "sector:273"),
            S("27320", SectorLevel.Subclass, "Sản xuất dây, cáp điện và điện tử khác", "sector:2732"),
            S("29", SectorLevel.Division, "Sản xuất ô tô và xe có động cơ khác", "sector:C", ("29", 0.30)),
            S("291", SectorLevel.Group, "Sản xuất ô tô và xe có động cơ khác", "sector:29"),
            S("2910", SectorLevel.Class, "Sản xuất ô tô và xe có động cơ khác", "sector:291"),
            S("29100", SectorLevel.Subclass, "Sản xuất ô tô và xe có động cơ khác", "sector:2910"),
            S("293", SectorLevel.Group, "Sản xuất phụ tùng và bộ phận phụ trợ cho xe ô tô và xe có động cơ khác", "sector:29"),
            S("2930", SectorLevel.Class, "Sản xuất phụ tùng và bộ phận phụ trợ cho xe ô tô và xe có động cơ khác", "sector:293"),
            S("29300", SectorLevel.Subclass, "Sản xuất phụ tùng và bộ phận phụ trợ cho xe ô tô và xe có động cơ khác", "sector:2930"),
            Park(DinhVu, "Khu công nghiệp Đình Vũ", ParkKind.IndustrialPark, HaiPhongOld, ParkStatus.Operating, 20.83, 106.76) with { IndustrialAreaHa = 1000, LeasedAreaHa = 600, PrioritySectors = [new PrioritySector("sector:26", "điện tử", Cite)] },
            Park(DaiAn, "Khu công nghiệp Đại An", ParkKind.IndustrialPark, HaiDuongOld, ParkStatus.Operating, null, null) with { IndustrialAreaHa = 400, OccupancyPercent = 90 },
            Park(ThangLong, "Khu công nghiệp Thăng Long", ParkKind.IndustrialPark, HaNoi, ParkStatus.Operating, 21.10, 105.78) with { IndustrialAreaHa = 274, LeasedAreaHa = 274, PrioritySectors = [new PrioritySector("sector:261", "linh kiện điện tử", Cite)] },
            Park(Amata, "Khu công nghiệp Amata", ParkKind.IndustrialPark, DongNai, ParkStatus.Unknown, 10.95, 106.87),
            Park(PhuNghia, "Cụm công nghiệp Phú Nghĩa", ParkKind.IndustrialCluster, HaNoi, ParkStatus.Planned, null, null) with { PrioritySectors = [new PrioritySector("sector:22", "nhựa", Cite)] },
            Firm(L1, "Công ty TNHH Điện tử Hải Phòng", "VN", HaiPhongOld, DinhVu, "26400", FirmSize.Large, FirmRole.LeadFirm) with { Ownership = Ownership.Fdi, OriginCountry = "KR" },
            Firm(L2, "Công ty TNHH Ô tô Hải Dương", "VN", HaiDuongOld, DaiAn, "29100", FirmSize.Large, FirmRole.LeadFirm) with { Ownership = Ownership.Fdi, OriginCountry = "JP" },
            Firm(L3, "Công ty Cổ phần Thiết bị Viễn thông Hà Nội", "VN", HaNoi, ThangLong, "26300", FirmSize.Large, FirmRole.LeadFirm),
            Firm(L4, "Công ty TNHH Điện tử Đồng Nai", "VN", DongNai, Amata, "26400", FirmSize.Large, FirmRole.LeadFirm) with { Ownership = Ownership.Fdi, OriginCountry = "TW" },
            Firm(S1, "Công ty Mạch in Hải Phòng", "VN", HaiPhong, null, "26190", FirmSize.Medium, FirmRole.SupportingIndustry),
            Firm(S2, "Công ty Nhựa Đại An", "VN", HaiDuongOld, DaiAn, "22209", FirmSize.Medium, FirmRole.SupportingIndustry),
            Firm(S3, "Công ty Dây cáp Hà Nội", "VN", HaNoi, null, "27320", FirmSize.Small, FirmRole.SupportingIndustry),
            Firm(S4, "Công ty Phụ tùng Hải Phòng", "VN", HaiPhongOld, null, "29300", FirmSize.Medium, FirmRole.SupportingIndustry),
            Firm(S5, "Công ty Linh kiện Thăng Long", "VN", HaNoi, ThangLong, "26190", FirmSize.Medium, FirmRole.SupportingIndustry) with { AllianceIds = ["alliance:lm-visa"] },
            Firm(S6, "Công ty Pin mặt trời Hải Phòng", "VN", HaiPhong, null, "26110", FirmSize.Small, FirmRole.SupportingIndustry),
            Firm(S7, "Công ty Điện tử Biên Hòa", "VN", DongNai, Amata, "26190", FirmSize.Large, FirmRole.SupportingIndustry),
            Firm(S8, "Công ty Bao bì Nhựa Hà Nội", "VN", HaNoi, null, "22201", FirmSize.Small, FirmRole.SupportingIndustry) with { AllianceIds = ["alliance:g20"] },
            Firm(F1, "Busan Chip Co.", "KR", null, null, "26190", null, null),
            Firm(F2, "Shenzhen Display Co.", "CN", null, null, "26400", null, null),
            Firm(F3, "Ningbo Battery Co.", "CN", null, null, "27200", null, null),
            Firm(F4, "Nagoya Gear Co.", "JP", null, null, "29300", null, null),
            Firm(F5, "Bangkok Rubber Co.", "TH", null, null, "22190", null, null),
        };
        var links = new List<SupplyLink>
        {
            Link(S1, L1, "26190", 400, "bo mạch"),
            Link(S2, L1, "22209", 150, "vỏ nhựa"),
            Link(F1, L1, "26190", 900, "chip"),
            Link(F2, L1, "26400", 300, "mô-đun hiển thị"),
            Link(F3, L1, "27200", 200, "pin"),
            Link(S2, L2, "22209", 300, "ốp nhựa"),
            Link(S3, L2, "27320", 200, "bó dây điện"),
            Link(S4, L2, "29300", 250, "phụ tùng") with { Since = new DateOnly(2026, 6, 1) },
            Link(F3, L2, "27200", 100, "ắc quy"),
            Link(F4, L2, "29300", 600, "hộp số") with { Sources = [Customs] },
            Link(F5, L2, "22190", 100, "gioăng cao su"),
            Link(F1, L2, "26190", null, "chip ECU"),
            Link(S1, L2, "26190", 80, "cảm biến") with { Since = new DateOnly(2020, 1, 1), Until = new DateOnly(2024, 12, 31) },
            Link(S3, L3, "27320", 100, "dây cáp"),
            Link(S5, L3, "26190", 500, "linh kiện"),
            Link(F2, L3, "26400", null, "màn hình"),
            Link(F1, S1, "26190", 100, "chip"),
            Link(S8, S2, "22201", 50, "bao bì"),
        };
        return new ChangeSet { UpsertNodes = nodes, UpsertLinks = links };
    }

    private static Sector S(string code, SectorLevel level, string name, string? parent, params (string Target, double Coefficient)[] feeds) => new()
    {
        Id = $"sector:{code}",
        Code = code,
        Level = level,
        Name = name,
        ParentId = parent,
        Classification = Classification.Vsic2025,
        Feeds = [.. feeds.Select(f => new Feed($"sector:{f.Target}", f.Coefficient, [Feeds]))],
        Sources = feeds.Length > 0 ? [Src, Feeds] : Cite,
    };

    private static Park Park(string id, string name, ParkKind kind, string province, ParkStatus status, double? lat, double? lng) => new()
    {
        Id = id, Name = name, ParkKind = kind, ProvinceId = province, Status = status, Lat = lat, Lng = lng, Sources = Cite,
    };

    private static Firm Firm(string id, string name, string country, string? province, string? park, string sector, FirmSize? size, FirmRole? role) => new()
    {
        Id = id,
        Name = name,
        Country = country,
        ProvinceId = province,
        ParkId = park,
        SectorIds = [$"sector:{sector}"],
        Roles = role is { } r ? [r] : [],
        Size = size,
        Ownership = country == "VN" ? Ownership.DomesticPrivate : null,
        Sources = Cite,
    };

    private static SupplyLink Link(string supplier, string buyer, string sector, double? value, string product) => new()
    {
        SupplierId = supplier,
        BuyerId = buyer,
        SectorId = $"sector:{sector}",
        ValueUsd = value,
        Product = product,
        Since = new DateOnly(2025, 1, 1),
        Confidence = 0.9,
        Sources = Cite,
    };
}
