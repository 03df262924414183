using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Data;

/// <summary>
/// Reads the reference data shipped in <c>data/</c> (provinces and wards before and after the 2025 merger, regions, VSIC 2025 and
/// ISIC Rev.4, HS 2022 products, processes, certification standards, the parks list, the source articles and the facts
/// they state) into one change set of cited nodes.
/// </summary>
public static partial class ReferenceData
{
    public const string AdminSource = "source:dataset-admin-units";
    public const string VsicSource = "source:dataset-vsic2025";
    public const string IsicSource = "source:dataset-isic4";
    public const string ParksSource = "source:dataset-parks";
    public const string FeedsSource = "source:rule-feeds-io";
    public const string SupportingIndustrySource = "source:rule-supporting-industry";

    /// <summary>The data folder shipped next to the running assembly.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "data");

    public static ChangeSet Load(string? dataDir = null)
    {
        var dir = dataDir ?? DefaultDirectory;
        if (!Directory.Exists(dir))
        {
            throw new DirectoryNotFoundException($"reference data folder not found: {dir}");
        }
        var nodes = new List<Node>();
        var sources = LoadSources(dir);
        var regions = LoadRegions(dir);
        var provinces = LoadProvinces(dir);
        var directory = new ProvinceDirectory(provinces);
        var sectors = LoadSectors(dir);
        var wards = LoadWards(dir, directory);
        var boundaries = ProvinceBoundaries.Load(Path.Combine(dir, ProvinceBoundaries.Pre2025File));
        var (parks, parkSources) = LoadParks(dir, directory);
        parks = [.. parks.Select(p => p with { Placement = PlacementRules.Place(directory.ById(p.ProvinceId), null, p.Lat, p.Lng, directory, boundaries) })];
        var alliances = LoadAlliances(dir);
        var firms = LoadFirms(dir);
        var corridors = LoadCorridors(dir, directory);
        var products = LoadProducts(dir);
        var processes = LoadProcesses(dir);
        var standards = LoadStandards(dir);
        provinces = AddFigures(dir, provinces, directory);
        nodes.AddRange(sources);
        nodes.AddRange(LoadReportedFigures(dir));
        nodes.AddRange(parkSources);
        nodes.AddRange(regions);
        nodes.AddRange(provinces);
        nodes.AddRange(wards);
        nodes.AddRange(sectors);
        nodes.AddRange(alliances);
        nodes.AddRange(firms);
        nodes.AddRange(parks);
        nodes.AddRange(corridors);
        nodes.AddRange(products);
        nodes.AddRange(processes);
        nodes.AddRange(standards);
        return new ChangeSet { UpsertNodes = nodes };
    }

    private static string File(string dir, string relative)
    {
        var path = Path.Combine(dir, relative);
        return System.IO.File.Exists(path) ? path : throw new FileNotFoundException($"reference data file missing: {path}", path);
    }

    private static List<Source> LoadSources(string dir)
    {
        var list = new List<Source>();
        foreach (var row in Csv.Read(File(dir, "curated/sources.csv")))
        {
            var type = row["source_type"];
            list.Add(new Source
            {
                Id = row["id"],
                Name = row["title"],
                Publisher = row.Get("publisher"),
                Url = row.Get("url"),
                Date = row.Date("date"),
                SourceType = type,
                Synthetic = type == "rule",
                Note = JoinNotes(row.Get("note"), row.Get("file") is { } f ? $"Shipped as data/{f}." : null),
            });
        }
        return list;
    }

    private static string? JoinNotes(params string?[] notes)
    {
        var parts = notes.Where(n => !string.IsNullOrWhiteSpace(n)).ToArray();
        return parts.Length == 0 ? null : string.Join(' ', parts);
    }

    private static List<Region> LoadRegions(string dir) =>
        [.. Csv.Read(File(dir, "admin/regions_8_geographic.csv")).Select(row => new Region
        {
            Id = RegionId(row["region_id"]),
            Code = row["region_id"],
            Name = row["name"],
            NameEn = row.Get("name_en"),
            Sources = [AdminSource],
        })];

    public static string RegionId(string code) => $"region:{code}";

    /// <summary>
    /// Provinces: the 11 units the merger left unchanged are one node valid throughout; the other 52 former units end on
    /// 2025-07-01 (id suffix "-pre2025") and point to their successor; the 23 new units start on 2025-07-01.
    /// A new unit's region is that of the former unit whose code it kept.
    /// </summary>
    private static List<Province> LoadProvinces(string dir)
    {
        var mapping = Csv.Read(File(dir, "admin/province_mapping_2025.csv")).ToDictionary(r => r["old_province_code"], r => r["relation"]);
        var newRows = Csv.Read(File(dir, "admin/provinces_2025.csv")).ToDictionary(r => r["code"]);
        var oldRows = Csv.Read(File(dir, "admin/provinces_pre2025.csv")).ToList();
        var newIds = newRows.Values.ToDictionary(r => r["code"], r => $"province:{r["code"]}-{Slug(r["code_name"])}");
        var regionOfNew = new Dictionary<string, string>(StringComparer.Ordinal);
        var list = new List<Province>();
        foreach (var row in oldRows)
        {
            var code = row["code"];
            var relation = mapping.GetValueOrDefault(code) ?? throw new CsvException(row.File, row.Line, $"province {code} has no 2025 mapping");
            var successorCode = row["new_province_code_2025"];
            var region = RegionId(row["region_id"]);
            if (relation is "unchanged" or "code_retained")
            {
                regionOfNew[successorCode] = region;
            }
            if (relation == "unchanged")
            {
                continue;
            }
            list.Add(new Province
            {
                Id = $"province:{code}-{Slug(row["code_name"])}-pre2025",
                Code = code,
                Name = row["name"],
                FullName = row["full_name"],
                NameEn = row.Get("name_en"),
                UnitType = row.Get("unit_type"),
                RegionId = region,
                ValidTo = ProvinceDirectory.MergerDate,
                SuccessorId = newIds[successorCode],
                MergerRelation = relation,
                Sources = [AdminSource],
            });
        }
        foreach (var row in newRows.Values)
        {
            var code = row["code"];
            var unchanged = mapping.GetValueOrDefault(code) == "unchanged";
            list.Add(new Province
            {
                Id = newIds[code],
                Code = code,
                Name = row["name"],
                FullName = row["full_name"],
                NameEn = row.Get("name_en"),
                UnitType = row.Get("unit_type"),
                RegionId = regionOfNew.GetValueOrDefault(code),
                ValidFrom = unchanged ? null : ProvinceDirectory.MergerDate,
                MergerRelation = unchanged ? "unchanged" : null,
                Lat = row.Number("label_lat"),
                Lng = row.Number("label_lng"),
                AreaKm2 = row.Number("area_km2"),
                Sources = [AdminSource],
            });
        }
        return list;
    }

    private static string Slug(string codeName) => codeName.Replace('_', '-');

    private static List<Sector> LoadSectors(string dir)
    {
        var supporting = Csv.Read(File(dir, "curated/supporting_industry.csv")).Select(r => r["code"]).ToHashSet(StringComparer.Ordinal);
        var feeds = new Dictionary<string, List<Feed>>(StringComparer.Ordinal);
        foreach (var row in Csv.Read(File(dir, "curated/feeds_rule.csv")))
        {
            var input = row["input"];
            if (!feeds.TryGetValue(input, out var list))
            {
                list = [];
                feeds[input] = list;
            }
            list.Add(new Feed(SectorCode.IdOf(Classification.Vsic2025, row["output"]), row.Number("coefficient") ?? 0, [FeedsSource]));
        }
        var list2 = new List<Sector>();
        var parentOf = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var row in Csv.Read(File(dir, "industry_classification/vsic2025.csv")))
        {
            var code = row["code"];
            var parent = row.Get("parent_code");
            parentOf[code] = parent;
            var flagged = IsSupporting(code, parentOf, supporting);
            var sources = new List<string> { VsicSource };
            if (flagged)
            {
                sources.Add(SupportingIndustrySource);
            }
            list2.Add(new Sector
            {
                Id = SectorCode.IdOf(Classification.Vsic2025, code),
                Classification = Classification.Vsic2025,
                Code = code,
                Level = (SectorLevel)int.Parse(row["level"], CultureInfo.InvariantCulture),
                Name = row["name_vi"],
                ParentId = parent is null ? null : SectorCode.IdOf(Classification.Vsic2025, parent),
                SupportingIndustry = flagged,
                Feeds = feeds.TryGetValue(code, out var f) ? f : [],
                Sources = feeds.ContainsKey(code) ? [.. sources, FeedsSource] : sources,
            });
        }
        foreach (var row in Csv.Read(File(dir, "industry_classification/isic_rev4.csv")))
        {
            var code = row["code"];
            var parent = row.Get("parent_code");
            list2.Add(new Sector
            {
                Id = SectorCode.IdOf(Classification.Isic4, code),
                Classification = Classification.Isic4,
                Code = code,
                Level = Enum.Parse<SectorLevel>(row["level"], ignoreCase: true),
                Name = row["name_en"],
                NameEn = row["name_en"],
                ParentId = parent is null ? null : SectorCode.IdOf(Classification.Isic4, parent),
                Sources = [IsicSource],
            });
        }
        return list2;
    }

    private static bool IsSupporting(string code, Dictionary<string, string?> parentOf, HashSet<string> flagged)
    {
        for (string? c = code; c is not null; c = parentOf.GetValueOrDefault(c))
        {
            if (flagged.Contains(c))
            {
                return true;
            }
        }
        return false;
    }

    private static List<Alliance> LoadAlliances(string dir) =>
        [.. Csv.Read(File(dir, "curated/alliances.csv")).Select(row => new Alliance
        {
            Id = row["id"],
            Name = row["name"],
            NameEn = row.Get("name_en"),
            Acronym = row.Get("acronym"),
            Founded = row.Date("founded"),
            Scope = row.Get("scope"),
            Description = row.Get("description"),
            Sources = SplitList(row["sources"]),
        })];

    private static List<Firm> LoadFirms(string dir) =>
        [.. Csv.Read(File(dir, "curated/firms.csv")).Select(row => new Firm
        {
            Id = row["id"],
            Name = row["name"],
            Country = row["country"],
            Ownership = row.Get("ownership") is { } o ? ParseEnum<Ownership>(o) : null,
            Roles = [.. SplitList(row["roles"]).Select(ParseEnum<FirmRole>)],
            AllianceIds = SplitList(row["alliances"]),
            Sources = SplitList(row["sources"]),
            Note = row.Get("note"),
        })];

    private static List<Corridor> LoadCorridors(string dir, ProvinceDirectory provinces) =>
        [.. Csv.Read(File(dir, "curated/corridors.csv")).Select(row => new Corridor
        {
            Id = row["id"],
            Name = row["name"],
            NameEn = row.Get("name_en"),
            // The agreement predates the merger: resolve its provinces as they were then.
            ProvinceIds = [.. SplitList(row["provinces"]).Select(p => ResolveProvince(provinces, p, new DateOnly(2024, 12, 12), row))],
            Description = row.Get("description"),
            Sources = SplitList(row["sources"]),
        })];

    private static List<Province> AddFigures(string dir, List<Province> provinces, ProvinceDirectory directory)
    {
        var figures = new Dictionary<string, List<Figure>>(StringComparer.Ordinal);
        foreach (var row in Csv.Read(File(dir, "curated/figures.csv")))
        {
            var asOf = row.Date("as_of");
            var id = ResolveProvince(directory, row["province"], asOf ?? ProvinceDirectory.MergerDate.AddDays(-1), row);
            if (!figures.TryGetValue(id, out var list))
            {
                list = [];
                figures[id] = list;
            }
            list.Add(new Figure(row["metric"], row.Number("value") ?? 0, row["unit"], asOf, row["source"], row.Get("note")));
        }
        return [.. provinces.Select(p => figures.TryGetValue(p.Id, out var f)
            ? p with { Figures = f, Sources = [.. p.Sources.Concat(f.Select(x => x.SourceId)).Distinct()] }
            : p)];
    }

    private static string ResolveProvince(ProvinceDirectory directory, string name, DateOnly asOf, CsvRow row) =>
        directory.Resolve(name, asOf)?.Id ?? throw new CsvException(row.File, row.Line, $"unknown province '{name}'");

    public static IReadOnlyList<string> SplitList(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : [.. value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public static T ParseEnum<T>(string value) where T : struct, Enum =>
        Enum.TryParse<T>(value.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var parsed)
            ? parsed
            : throw new FormatException($"'{value}' is not one of {string.Join(", ", Enum.GetNames<T>())}");

    [GeneratedRegex(@"https?://[^\s)""]+")]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"OSM way/(\d+)")]
    private static partial Regex OsmWayPattern();
}
