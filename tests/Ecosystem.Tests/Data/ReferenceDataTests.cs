using Ecosystem.Graph.Data;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;
using Ecosystem.Tests.Support;

namespace Ecosystem.Tests.Data;

public sealed class ReferenceDataTests
{
    private static readonly IReadOnlyList<Node> Nodes = ReferenceData.Load().UpsertNodes;
    private static readonly Dictionary<string, Node> ById = Nodes.ToDictionary(n => n.Id);

    private static T Get<T>(string id) where T : Node => Assert.IsType<T>(ById[id]);

    [Fact]
    public void Counts_match_the_shipped_datasets()
    {
        var byKind = Nodes.GroupBy(n => n.Kind).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(86, byKind[NodeKind.Province]);        // 52 former + 34 in force
        Assert.Equal(8, byKind[NodeKind.Region]);
        Assert.Equal(1606 + 766, byKind[NodeKind.Sector]);  // VSIC 2025 five levels + ISIC Rev.4
        Assert.Equal(308 + 3, byKind[NodeKind.Park]);       // parks.csv + Phú Nghĩa, Sóc Đăng, the Hưng Yên clusters
        Assert.Equal(4, byKind[NodeKind.Alliance]);
        Assert.Equal(1, byKind[NodeKind.Corridor]);
        Assert.Equal(97 + 1229 + 5613, byKind[NodeKind.Product]); // HS 2022 chapters, headings, subheadings
        Assert.Equal(27, byKind[NodeKind.Process]);
        Assert.Equal(52, byKind[NodeKind.CertificationStandard]);
        var vsic = Nodes.OfType<Sector>().Where(s => s.Classification == Classification.Vsic2025).GroupBy(s => s.Level).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal([22, 87, 259, 495, 743], Enum.GetValues<SectorLevel>().Select(l => vsic[l]));
    }

    [Fact]
    public void Products_form_the_HS_tree_with_their_ISIC_classes_and_the_reconstructed_priority_list()
    {
        var bodyParts = Get<Product>("product:870829");
        Assert.Equal(ProductLevel.Subheading, bodyParts.Level);
        Assert.Equal("product:8708", bodyParts.ParentId);
        Assert.Equal("product:87", Get<Product>("product:8708").ParentId);
        Assert.Null(Get<Product>("product:87").ParentId);
        Assert.Equal("8708.29", Product.Display(bodyParts.Code));
        Assert.Equal("XVII", bodyParts.Section);
        // Five ISIC classes; the primary one the largest weight (bodies 2920, 0.4167), the weights summing to one.
        Assert.Equal(["sector:isic4:2920"], bodyParts.Sectors.Where(s => s.Primary).Select(s => s.SectorId));
        Assert.Equal(5, bodyParts.Sectors.Count);
        Assert.Equal(1.0, bodyParts.Sectors.Sum(s => s.Weight), 3);
        Assert.Contains(ReferenceData.HsIsicSource, bodyParts.Sources);
        Assert.All(Nodes.OfType<Product>().Where(p => p.Sectors.Count > 0), p => Assert.Equal(1.0, p.Sectors.Sum(s => s.Weight), 2));
        Assert.All(Nodes.OfType<Product>().Where(p => p.ParentId is not null), p => Assert.StartsWith(Assert.IsType<Product>(ById[p.ParentId!]).Code, p.Code, StringComparison.Ordinal));
        // Wire harnesses are on the reconstructed Decree 111 list (automobiles), cited to the reconstruction.
        var harness = Get<Product>("product:854430");
        var listing = Assert.Single(harness.Listings);
        Assert.Equal((ReferenceData.PriorityProductsList, "OT", "Bộ dây điện (wire harness)"), (listing.ListId, listing.Group, listing.Item));
        Assert.Contains(ReferenceData.PriorityProductsSource, harness.Sources);
        var reconstruction = Get<Source>(ReferenceData.PriorityProductsSource);
        Assert.Contains("not the official", reconstruction.Name, StringComparison.Ordinal);
        // A range of headings expands to each heading ("5004-5006" names 5005 too).
        Assert.Contains(Get<Product>("product:5005").Listings, l => l.Group == "DM");
        Assert.Empty(Get<Product>("product:0101").Listings);
    }

    [Fact]
    public void HS_code_lists_expand_ranges_and_reject_what_is_not_a_range()
    {
        Assert.Equal(["5004", "5005", "5006", "854430"], ReferenceData.HsCodes("5004-5006; 8544.30", 7));
        var error = Assert.Throws<FormatException>(() => ReferenceData.HsCodes("50-5006", 7).ToList());
        Assert.Contains("line 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Processes_and_certification_standards_come_from_their_catalogues()
    {
        var stamping = Get<Process>("process:stamping");
        Assert.Equal(("Dập kim loại", "Metal stamping"), (stamping.Name, stamping.NameEn));
        Assert.Equal([ReferenceData.ProcessesSource], stamping.Sources);
        var iatf = Get<CertificationStandard>(ReferenceData.StandardId("IATF 16949"));
        Assert.Equal("standard:iatf-16949", iatf.Id);
        Assert.True(iatf.ThirdPartyCertificate);
        Assert.False(Get<CertificationStandard>("standard:rohs").ThirdPartyCertificate);
        Assert.Equal("standard:iso-iec-17025", ReferenceData.StandardId("ISO/IEC 17025"));
        Assert.True(ById.ContainsKey("standard:iso-iec-17025"));
    }

    [Fact]
    public async Task The_whole_reference_set_is_accepted_by_the_store_and_every_node_cites_a_source()
    {
        using var dir = new TempDirectory();
        await using var store = await EmbeddedGraphStore.OpenAsync(dir.Path);
        var result = await store.ApplyAsync(ReferenceData.Load());
        Assert.Equal(Nodes.Count, result.NodesWritten);
        Assert.All(Nodes.Where(n => n is not Source), n => Assert.NotEmpty(n.Sources));
        Assert.False((await store.ApplyAsync(ReferenceData.Load())).Changed);
    }

    [Fact]
    public void Bare_codes_are_VSIC_2025_and_ISIC_Rev4_is_prefixed_and_never_borrows_names()
    {
        // ISIC Rev.4 2610 was split into VSIC 2025 2611 and 2619: the bare code 2610 names nothing.
        Assert.False(ById.ContainsKey("sector:2610"));
        var vsic = Get<Sector>("sector:2619");
        Assert.Equal(Classification.Vsic2025, vsic.Classification);
        Assert.Equal(SectorLevel.Class, vsic.Level);
        Assert.Equal("Sản xuất linh kiện điện tử khác", vsic.Name);
        Assert.Null(vsic.NameEn); // no verified English VSIC 2025 label exists
        Assert.Equal("sector:261", vsic.ParentId);
        var isic = Get<Sector>("sector:isic4:2610");
        Assert.Equal(Classification.Isic4, isic.Classification);
        Assert.Equal("Manufacture of electronic components and boards", isic.NameEn);
        Assert.Equal("sector:isic4:261", isic.ParentId);
        Assert.Equal(SectorLevel.Section, Get<Sector>("sector:C").Level);
    }

    [Fact]
    public void FEEDS_edges_come_from_the_documented_rule_and_are_labelled_synthetic()
    {
        var electronics = Get<Sector>("sector:26");
        var self = Assert.Single(electronics.Feeds, f => f.TargetId == "sector:26");
        Assert.Equal(0.35, self.Coefficient);
        Assert.Equal([ReferenceData.FeedsSource], self.Sources);
        Assert.True(Get<Source>(ReferenceData.FeedsSource).Synthetic);
        Assert.Contains(Get<Sector>("sector:22").Feeds, f => f.TargetId == "sector:29");
        Assert.True(Get<Sector>("sector:26190").SupportingIndustry);
        Assert.True(Get<Sector>("sector:29300").SupportingIndustry);
        Assert.False(Get<Sector>("sector:29100").SupportingIndustry);
    }

    [Fact]
    public void Parks_keep_their_cited_values_and_leave_the_rest_unknown()
    {
        var chauDuc = Get<Park>("park:kcn-chau-duc-ba-ria-vung-tau");
        Assert.Equal(1550.24, chauDuc.TotalAreaHa);
        Assert.Null(chauDuc.IndustrialAreaHa);
        Assert.Null(chauDuc.OccupancyPercent);
        Assert.Null(chauDuc.Lat);
        Assert.Null(chauDuc.AvailableAreaHa);
        Assert.Equal("province:77-ba-ria-vung-tau-pre2025", chauDuc.ProvinceId);
        Assert.Equal(ParkKind.IndustrialPark, chauDuc.ParkKind);

        var minhDuc = Get<Park>("park:kcn-minh-duc-hung-yen");
        Assert.Equal(155, minhDuc.IndustrialAreaHa);
        Assert.Equal(34.2, minhDuc.OccupancyPercent);
        Assert.Equal(101.99, minhDuc.AvailableAreaHa); // 155 * (1 - 0.342), from the two cited values
        Assert.Equal(ParkStatus.Operating, minhDuc.Status);
        var citation = Assert.Single(minhDuc.Citations);
        Assert.Equal("*", citation.Field);
        var source = Get<Source>(citation.SourceId);
        Assert.StartsWith("http://banqlkcn.hungyen.gov.vn/", source.Url, StringComparison.Ordinal);

        // A row with field-labelled sources keeps which source states which value.
        var vsip2 = Nodes.OfType<Park>().Single(p => p.Citations.Any(c => c.SourceId == "source:osm-way-366658228"));
        Assert.Contains(vsip2.Citations, c => c.Field == "name/province/coords");
        Assert.NotNull(vsip2.Lat);
    }

    [Fact]
    public void Article_facts_are_nodes_citing_their_articles()
    {
        var g20 = Get<Alliance>("alliance:g20");
        Assert.Equal(new DateOnly(2024, 4, 3), g20.Founded);
        Assert.Equal(["source:article-g20-alliance-2024"], g20.Sources);
        Assert.Equal("LM VISA", Get<Alliance>("alliance:lm-visa").Acronym);
        Assert.Contains("alliance:lm-visa", Get<Firm>("firm:giao-nhan-tiep-van-quoc-te").AllianceIds);

        var axis = Get<Corridor>("corridor:eastern-expressway");
        Assert.Equal(
            ["province:22-quang-ninh", "province:31-hai-phong-pre2025", "province:30-hai-duong-pre2025", "province:33-hung-yen-pre2025"],
            axis.ProvinceIds);

        var phuNghia = Get<Park>("park:kcn-phu-nghia-ha-noi");
        Assert.Equal("firm:phu-my-group", phuNghia.DeveloperFirmId);
        var socDang = Get<Park>("park:ccn-soc-dang-phu-tho");
        Assert.Equal("province:25-phu-tho-pre2025", socDang.ProvinceId);
        Assert.Contains(socDang.PrioritySectors, p => p.SectorId == "sector:2593" && p.Phrase == "khuôn mẫu");
        Assert.Contains(Get<Park>("park:khcn-hoa-lac-ha-noi").Sources, s => s == "source:article-lm-visa-2021");

        var haiDuong = Get<Province>("province:30-hai-duong-pre2025");
        var established = Assert.Single(haiDuong.Figures, f => f.Metric == "industrial_parks_established");
        Assert.Equal(17, established.Value);
        Assert.Equal(2738, Assert.Single(haiDuong.Figures, f => f.Metric == "industrial_park_planned_area").Value);
        Assert.Equal("source:article-vcci-eastern-axis-2024", established.SourceId);
        Assert.Equal(32_500_000_000, Assert.Single(Get<Province>("province:31-hai-phong-pre2025").Figures, f => f.Metric == "fdi_registered_capital").Value);
        Assert.Equal(742, Assert.Single(Get<Province>("province:01-ha-noi").Figures, f => f.Unit == "ha").Value);
    }
}
