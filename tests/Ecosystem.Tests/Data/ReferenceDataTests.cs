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
        var vsic = Nodes.OfType<Sector>().Where(s => s.Classification == Classification.Vsic2025).GroupBy(s => s.Level).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal([22, 87, 259, 495, 743], Enum.GetValues<SectorLevel>().Select(l => vsic[l]));
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
