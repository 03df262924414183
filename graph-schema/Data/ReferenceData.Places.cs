using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Graph.Data;

/// <summary>Wards of both maps, with the 2025 commune mapping, and the placement of the reference parks.</summary>
public static partial class ReferenceData
{
    /// <summary>The id of the ward in force with a code, or of the former unit (codes repeat across the two maps).</summary>
    public static string WardId(string code, bool former = false) => $"ward:{code}{(former ? "-pre2025" : "")}";

    /// <summary>
    /// The 3,321 wards in force from 2025-07-01 and the 10,035 former units, each in its province of its map; a ward in
    /// force lists the former units it was formed from and the former provinces they lay in, a former unit the wards it
    /// went into. Mapping rows naming a former unit the former list lacks (island districts, a few communes) still
    /// count for the former provinces.
    /// </summary>
    private static List<Ward> LoadWards(string dir, ProvinceDirectory provinces)
    {
        var beforeMerger = ProvinceDirectory.MergerDate.AddDays(-1);
        string ProvinceOf(CsvRow row, string column, DateOnly asOf) =>
            provinces.Resolve(row[column], asOf)?.Id ?? throw new CsvException(row.File, row.Line, $"unknown province code '{row[column]}'");
        var districts = Csv.Read(File(dir, "admin/districts_pre2025.csv")).ToDictionary(r => r["code"], r => r["full_name"], StringComparer.Ordinal);
        var former = new Dictionary<string, Ward>(StringComparer.Ordinal);
        foreach (var row in Csv.Read(File(dir, "admin/wards_pre2025.csv")))
        {
            former[row["code"]] = new Ward
            {
                Id = WardId(row["code"], former: true),
                Code = row["code"],
                Name = row["name"],
                FullName = row["full_name"],
                NameEn = row.Get("name_en"),
                UnitType = row.Get("unit_type"),
                ProvinceId = ProvinceOf(row, "province_code", beforeMerger),
                District = districts.GetValueOrDefault(row["district_code"]),
                ValidTo = ProvinceDirectory.MergerDate,
                Sources = [AdminSource],
            };
        }
        var current = new Dictionary<string, Ward>(StringComparer.Ordinal);
        foreach (var row in Csv.Read(File(dir, "admin/wards_2025.csv")))
        {
            current[row["code"]] = new Ward
            {
                Id = WardId(row["code"]),
                Code = row["code"],
                Name = row["name"],
                FullName = row["full_name"],
                NameEn = row.Get("name_en"),
                UnitType = row.Get("unit_type"),
                ProvinceId = ProvinceOf(row, "province_code", ProvinceDirectory.MergerDate),
                ValidFrom = ProvinceDirectory.MergerDate,
                Lat = row.Number("label_lat"),
                Lng = row.Number("label_lng"),
                AreaKm2 = row.Number("area_km2"),
                Sources = [AdminSource],
            };
        }
        var predecessors = new Dictionary<string, List<WardLink>>(StringComparer.Ordinal);
        var formerProvinces = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var successors = new Dictionary<string, List<WardLink>>(StringComparer.Ordinal);
        foreach (var row in Csv.Read(File(dir, "admin/commune_mapping_2025.csv")))
        {
            var to = row["new_ward_code"];
            if (!current.ContainsKey(to))
            {
                throw new CsvException(row.File, row.Line, $"unknown ward code '{to}'");
            }
            var whole = row["merge_type"] == "full";
            var oldProvince = ProvinceOf(row, "old_province_code", beforeMerger);
            Add(formerProvinces, to, oldProvince);
            if (row["old_level"] == "ward" && former.ContainsKey(row["old_code"]))
            {
                Add(predecessors, to, new WardLink(WardId(row["old_code"], former: true), whole));
                Add(successors, row["old_code"], new WardLink(WardId(to), whole));
            }
        }
        return
        [
            .. former.Values.Select(w => w with { Links = successors.GetValueOrDefault(w.Code) ?? [] }),
            .. current.Values.Select(w => w with
            {
                Links = predecessors.GetValueOrDefault(w.Code) ?? [],
                FormerProvinceIds = [.. formerProvinces.GetValueOrDefault(w.Code) ?? []],
            }),
        ];

        static void Add<TItem, TSet>(Dictionary<string, TSet> map, string key, TItem value)
            where TSet : ICollection<TItem>, new()
        {
            if (!map.TryGetValue(key, out var set))
            {
                map[key] = set = new TSet();
            }
            set.Add(value);
        }
    }
}
