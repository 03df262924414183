using Ecosystem.Graph.Data;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Tests.Rules;

public sealed class ProvinceDirectoryTests
{
    private static readonly ProvinceDirectory Directory = new(ReferenceData.Load().UpsertNodes.OfType<Province>());
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly DateOnly BeforeMerger = new(2025, 6, 30);

    [Fact]
    public void There_are_63_provinces_before_the_merger_and_34_after()
    {
        Assert.Equal(63, Directory.AsOf(BeforeMerger).Count);
        Assert.Equal(34, Directory.AsOf(ProvinceDirectory.MergerDate).Count);
        Assert.Equal(34, Directory.AsOf(Today).Count);
        // 52 former units end on the merger date, 11 continue unchanged, 23 new ones start.
        Assert.Equal(86, Directory.All.Count);
    }

    [Fact]
    public void Code_24_means_Bac_Giang_before_the_merger_and_Bac_Ninh_after()
    {
        Assert.Equal("Bắc Giang", Directory.Resolve("24", BeforeMerger)!.Name);
        var newBacNinh = Directory.Resolve("24", Today)!;
        Assert.Equal("Bắc Ninh", newBacNinh.Name);
        Assert.Equal(ProvinceDirectory.MergerDate, newBacNinh.ValidFrom);
        // The old Bắc Ninh had code 27; no unit has it today, so 27 finds the former unit.
        var oldBacNinh = Directory.Resolve("27", Today)!;
        Assert.Equal("Bắc Ninh", oldBacNinh.Name);
        Assert.Equal(newBacNinh.Id, oldBacNinh.SuccessorId);
    }

    [Fact]
    public void A_name_resolves_as_of_a_date_folded_and_with_or_without_the_unit_word()
    {
        Assert.Equal("27", Directory.Resolve("Bắc Ninh", BeforeMerger)!.Code);
        Assert.Equal("24", Directory.Resolve("bac ninh", Today)!.Code);
        foreach (var spelling in new[] { "Hải Dương", "hai duong", "Tỉnh Hải Dương", "HAI DUONG", "Hai Duong Province" })
        {
            var p = Directory.Resolve(spelling, Today)!;
            Assert.Equal("province:30-hai-duong-pre2025", p.Id);
        }
    }

    [Fact]
    public void A_former_province_knows_its_successor_and_rolls_up_to_it()
    {
        var haiDuong = Directory.Resolve("Hải Dương", Today)!;
        Assert.Equal(ProvinceDirectory.MergerDate, haiDuong.ValidTo);
        Assert.Equal("merged_into", haiDuong.MergerRelation);
        var successor = Directory.ById(haiDuong.SuccessorId!)!;
        Assert.Equal("Hải Phòng", successor.Name);
        Assert.Equal("31", successor.Code);
        Assert.Same(successor, Directory.RollUp(haiDuong, Today));
        Assert.Same(haiDuong, Directory.RollUp(haiDuong, BeforeMerger));
        Assert.Equal(
            ["province:30-hai-duong-pre2025", "province:31-hai-phong-pre2025"],
            Directory.Predecessors(successor).Select(p => p.Id));
        Assert.Equal(
            ["province:31-hai-phong", "province:30-hai-duong-pre2025", "province:31-hai-phong-pre2025"],
            Directory.ScopeIds(successor, Today));
    }

    [Fact]
    public void Unchanged_provinces_are_one_unit_on_both_sides_of_the_merger()
    {
        var hanoi = Directory.Resolve("Hà Nội", Today)!;
        Assert.Same(hanoi, Directory.Resolve("01", BeforeMerger));
        Assert.Same(hanoi, Directory.Resolve("1", Today));
        Assert.Null(hanoi.SuccessorId);
        Assert.True(hanoi.IsValidOn(BeforeMerger) && hanoi.IsValidOn(Today));
        Assert.Equal("unchanged", hanoi.MergerRelation);
    }

    [Fact]
    public void A_new_province_takes_the_region_of_the_unit_whose_code_it_kept()
    {
        // New Lâm Đồng (68) kept old Lâm Đồng's code; old Lâm Đồng is in the Central Highlands (region 6).
        Assert.Equal("region:6", Directory.Resolve("68", Today)!.RegionId);
        Assert.Null(Directory.Resolve("Atlantis", Today));
        Assert.Null(Directory.Resolve("99", Today));
    }
}
