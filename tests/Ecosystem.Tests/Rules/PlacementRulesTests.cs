using Ecosystem.Graph.Data;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Tests.Rules;

/// <summary>
/// Each placement rule on hand-picked units of the reference data: a ward formed within one former province, a former
/// ward, a ward formed across two former provinces, coordinates inside a former boundary, a recorded former province,
/// and nothing to decide by.
/// </summary>
public sealed class PlacementRulesTests
{
    private static readonly IReadOnlyList<Node> Reference = ReferenceData.Load().UpsertNodes;
    private static readonly ProvinceDirectory Provinces = new(Reference.OfType<Province>());
    private static readonly Dictionary<string, Ward> Wards = Reference.OfType<Ward>().ToDictionary(w => w.Id);
    private static readonly ProvinceBoundaries Boundaries = ProvinceBoundaries.Pre2025;
    private static readonly DateOnly Today = new(2026, 12, 3);
    private static readonly DateOnly BeforeMerger = new(2025, 1, 1);

    private static Province NewHaiPhong => Provinces.Resolve("Hải Phòng", Today)!;

    private static Province OldHaiPhong => Provinces.Resolve("Hải Phòng", BeforeMerger)!;

    private static Province OldHaiDuong => Provinces.Resolve("Hải Dương", BeforeMerger)!;

    [Fact]
    public void The_reference_has_both_maps_of_wards_and_the_mapping_between_them()
    {
        Assert.Equal(3_321, Wards.Values.Count(w => w.ValidTo is null));
        Assert.Equal(10_035, Wards.Values.Count(w => w.ValidTo is not null));
        // Code 00004: Phường Trúc Bạch before, part of Phường Ba Đình after.
        Assert.Equal("Phường Trúc Bạch", Wards["ward:00004-pre2025"].FullName);
        Assert.Equal("Phường Ba Đình", Wards["ward:00004"].FullName);
        Assert.Contains(new WardLink("ward:00004", true), Wards["ward:00004-pre2025"].Links);
        Assert.Contains(Wards["ward:00004"].Links, l => l.WardId == "ward:00004-pre2025");
        // Eight units in force were formed across a former provincial border.
        Assert.Equal(8, Wards.Values.Count(w => w.FormerProvinceIds.Count > 1));
    }

    [Fact]
    public void A_ward_formed_within_one_former_province_places_by_ward()
    {
        var hongBang = Wards["ward:11311"];
        var placed = PlacementRules.Place(NewHaiPhong, hongBang, null, null, Provinces, Boundaries)!;
        Assert.Equal((NewHaiPhong.Id, OldHaiPhong.Id, PlacementMethod.Ward), (placed.ProvinceId, placed.FormerProvinceId, placed.Method));
        // A ward of today's Hải Phòng formed from former Hải Dương communes places there, whatever coordinates say.
        var thanhDong = Wards["ward:10507"];
        var fromDuong = PlacementRules.Place(NewHaiPhong, thanhDong, 20.8600, 106.6800, Provinces, Boundaries)!;
        Assert.Equal((OldHaiDuong.Id, PlacementMethod.Ward), (fromDuong.FormerProvinceId, fromDuong.Method));
    }

    [Fact]
    public void A_former_ward_places_in_its_own_former_province()
    {
        var quanToan = Wards["ward:11296-pre2025"];
        var placed = PlacementRules.Place(null, quanToan, null, null, Provinces, Boundaries)!;
        Assert.Equal((NewHaiPhong.Id, OldHaiPhong.Id, PlacementMethod.Ward), (placed.ProvinceId, placed.FormerProvinceId, placed.Method));
    }

    [Fact]
    public void Coordinates_inside_a_former_boundary_of_the_recorded_province_place_by_coordinates()
    {
        // Central Hải Phòng (Ngô Quyền), in the former Hải Phòng city; Hải Dương city, in the former Hải Dương province.
        Assert.Equal("31", Boundaries.Locate(20.8600, 106.6800));
        Assert.Equal("30", Boundaries.Locate(20.9400, 106.3300));
        var central = PlacementRules.Place(NewHaiPhong, null, 20.8600, 106.6800, Provinces, Boundaries)!;
        Assert.Equal((OldHaiPhong.Id, PlacementMethod.Coordinates), (central.FormerProvinceId, central.Method));
        var haiDuong = PlacementRules.Place(NewHaiPhong, null, 20.9400, 106.3300, Provinces, Boundaries)!;
        Assert.Equal((OldHaiDuong.Id, PlacementMethod.Coordinates), (haiDuong.FormerProvinceId, haiDuong.Method));
        // Coordinates in Hà Nội do not place a firm recorded in Hải Phòng: nothing else does, so it is unplaced.
        var elsewhere = PlacementRules.Place(NewHaiPhong, null, 21.0285, 105.8542, Provinces, Boundaries)!;
        Assert.Equal((NewHaiPhong.Id, null, PlacementMethod.Unplaced), (elsewhere.ProvinceId, elsewhere.FormerProvinceId, elsewhere.Method));
        // At sea: in no province.
        Assert.Null(Boundaries.Locate(17.0, 110.0));
    }

    [Fact]
    public void A_recorded_former_province_is_stated_and_an_unchanged_one_is_itself()
    {
        var stated = PlacementRules.Place(OldHaiDuong, null, null, null, Provinces, Boundaries)!;
        Assert.Equal((NewHaiPhong.Id, OldHaiDuong.Id, PlacementMethod.Stated), (stated.ProvinceId, stated.FormerProvinceId, stated.Method));
        var haNoi = Provinces.Resolve("Hà Nội", Today)!;
        var unchanged = PlacementRules.Place(haNoi, null, null, null, Provinces, Boundaries)!;
        Assert.Equal((haNoi.Id, haNoi.Id, PlacementMethod.Stated), (unchanged.ProvinceId, unchanged.FormerProvinceId, unchanged.Method));
    }

    [Fact]
    public void A_merged_province_with_nothing_else_is_unplaced_and_nothing_at_all_is_no_placement()
    {
        var unplaced = PlacementRules.Place(NewHaiPhong, null, null, null, Provinces, Boundaries)!;
        Assert.Equal((NewHaiPhong.Id, null, PlacementMethod.Unplaced), (unplaced.ProvinceId, unplaced.FormerProvinceId, unplaced.Method));
        Assert.Null(PlacementRules.Place(null, null, null, null, Provinces, Boundaries));
    }

    [Fact]
    public void A_ward_formed_across_two_former_provinces_needs_coordinates_or_a_recorded_former_province()
    {
        // Xã Đại Đồng (11995), today's Hưng Yên, formed from communes of the former Hưng Yên and Thái Bình.
        var daiDong = Wards["ward:11995"];
        var hungYen = Provinces.Resolve("Hưng Yên", Today)!;
        var oldThaiBinh = Provinces.Resolve("Thái Bình", BeforeMerger)!;
        var oldHungYen = Provinces.Resolve("Hưng Yên", BeforeMerger)!;
        Assert.Equal([oldHungYen.Id, oldThaiBinh.Id], daiDong.FormerProvinceIds.Order(StringComparer.Ordinal));
        var unplaced = PlacementRules.Place(hungYen, daiDong, null, null, Provinces, Boundaries)!;
        Assert.Equal(PlacementMethod.Unplaced, unplaced.Method);
        var byCoordinates = PlacementRules.Place(hungYen, daiDong, 20.4500, 106.3400, Provinces, Boundaries)!;
        Assert.Equal((oldThaiBinh.Id, PlacementMethod.Coordinates), (byCoordinates.FormerProvinceId, byCoordinates.Method));
        var stated = PlacementRules.Place(oldThaiBinh, daiDong, null, null, Provinces, Boundaries)!;
        Assert.Equal((oldThaiBinh.Id, PlacementMethod.Stated), (stated.FormerProvinceId, stated.Method));
    }

    [Fact]
    public void A_ward_of_another_province_conflicts_with_the_recorded_one()
    {
        var baDinh = Wards["ward:00004"];
        Assert.Contains("not in", PlacementRules.Conflict(NewHaiPhong, baDinh, Provinces));
        Assert.Null(PlacementRules.Conflict(NewHaiPhong, Wards["ward:10507"], Provinces));
        Assert.Null(PlacementRules.Conflict(OldHaiDuong, Wards["ward:10507"], Provinces));
        // A former ward must lie in the recorded former province itself.
        Assert.NotNull(PlacementRules.Conflict(OldHaiDuong, Wards["ward:11296-pre2025"], Provinces));
        Assert.Null(PlacementRules.Conflict(OldHaiPhong, Wards["ward:11296-pre2025"], Provinces));
    }

    [Fact]
    public void Ward_names_fold_without_the_unit_word()
    {
        Assert.Equal(PlacementRules.WardNameKey("Phường Ba Đình"), PlacementRules.WardNameKey("ba dinh"));
        Assert.Equal(PlacementRules.WardNameKey("Xã Đại Đồng"), PlacementRules.WardNameKey("Dai Dong Commune"));
        Assert.NotEqual(PlacementRules.WardNameKey("Phường Ba Đình"), PlacementRules.WardNameKey("Phường Ngọc Hà"));
    }
}
