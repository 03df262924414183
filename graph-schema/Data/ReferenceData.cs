using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Data;

/// <summary>
/// Reads the reference data shipped in <c>data/</c> (provinces before and after the 2025 merger, regions, VSIC 2025 and
/// ISIC Rev.4, the parks list, the source articles and the facts they state) into one change set of cited nodes.
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
        var (parks, parkSources) = LoadParks(dir, directory);
        var alliances = LoadAlliances(dir);
        var firms = LoadFirms(dir);
        var corridors = LoadCorridors(dir, directory);
        provinces = AddFigures(dir, provinces, directory);
        nodes.AddRange(sources);
        nodes.AddRange(parkSources);
        nodes.AddRange(regions);
        nodes.AddRange(provinces);
        nodes.AddRange(sectors);
        nodes.AddRange(alliances);
        nodes.AddRange(firms);
        nodes.AddRange(parks);
        nodes.AddRange(corridors);
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

    private static (List<Park> Parks, List<Source> Sources) LoadParks(string dir, ProvinceDirectory provinces)
    {
        var sources = new Dictionary<string, Source>(StringComparer.Ordinal);
        var parks = new List<Park>();
        var beforeMerger = ProvinceDirectory.MergerDate.AddDays(-1);
        foreach (var row in Csv.Read(File(dir, "parks/parks.csv")))
        {
            var citations = new List<Citation>();
            foreach (var part in row["source_url_or_ref"].Split(" ; ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var (field, rest) = SplitLabel(part);
                var source = SourceForReference(rest);
                sources.TryAdd(source.Id, source);
                var note = UrlPattern().Replace(rest, "").Trim();
                citations.Add(new Citation(field, source.Id, note.Length == 0 ? null : note));
            }
            var occupancy = row.Number("occupancy_rate");
            var reference = row["source_url_or_ref"];
            var status = occupancy > 0 ? ParkStatus.Operating
                : reference.Contains("propos", StringComparison.OrdinalIgnoreCase) || reference.Contains("planned", StringComparison.OrdinalIgnoreCase)
                    ? ParkStatus.Planned
                    : ParkStatus.Unknown;
            parks.Add(new Park
            {
                Id = $"park:{row["id"]}",
                Name = row["name"],
                NameEn = row.Get("name_en"),
                ParkKind = ParseEnum<ParkKind>(row["kind"]),
                Status = status,
                ProvinceId = ResolveProvince(provinces, row["province_pre2025"], beforeMerger, row),
                TotalAreaHa = row.Number("total_area_ha"),
                IndustrialAreaHa = row.Number("industrial_area_ha"),
                OccupancyPercent = occupancy,
                EstablishedYear = row.WholeNumber("established_year"),
                DeveloperName = row.Get("developer"),
                Lat = row.Number("lat"),
                Lng = row.Number("lng"),
                DataDate = row.Get("source_date"),
                Citations = citations,
                Sources = [.. citations.Select(c => c.SourceId).Append(ParksSource).Distinct()],
            });
        }
        var byId = parks.ToDictionary(p => p.Id, StringComparer.Ordinal);
        foreach (var row in Csv.Read(File(dir, "curated/parks.csv")))
        {
            var id = row["id"];
            byId[id] = new Park
            {
                Id = id,
                Name = row["name"],
                ParkKind = ParseEnum<ParkKind>(row["kind"]),
                Status = ParseEnum<ParkStatus>(row["status"]),
                ProvinceId = ResolveProvince(provinces, row["province"], beforeMerger, row),
                DeveloperFirmId = row.Get("developer_firm"),
                DeveloperName = row.Get("developer_name"),
                Note = row.Get("note"),
                Sources = SplitList(row["sources"]),
                Citations = [.. SplitList(row["sources"]).Select(s => new Citation("*", s))],
            };
        }
        foreach (var row in Csv.Read(File(dir, "curated/park_citations.csv")))
        {
            var park = byId.GetValueOrDefault(row["park"]) ?? throw new CsvException(row.File, row.Line, $"unknown park '{row["park"]}'");
            byId[park.Id] = park with
            {
                Citations = [.. park.Citations, new Citation(row["field"], row["source"], row.Get("note"))],
                Sources = [.. park.Sources.Append(row["source"]).Distinct()],
            };
        }
        foreach (var group in Csv.Read(File(dir, "curated/priority_sectors.csv")).GroupBy(r => r["park"]))
        {
            var park = byId.GetValueOrDefault(group.Key) ?? throw new CsvException("priority_sectors.csv", group.First().Line, $"unknown park '{group.Key}'");
            byId[park.Id] = park with
            {
                PrioritySectors = [.. group.Select(r => new PrioritySector(SectorCode.IdOf(Classification.Vsic2025, r["sector"]), r.Get("phrase"), [r["source"]]))],
            };
        }
        return ([.. byId.Values], [.. sources.Values]);
    }

    private static (string Field, string Text) SplitLabel(string part)
    {
        if (part.StartsWith("http", StringComparison.Ordinal) || part.StartsWith("Vietnamese Wikipedia", StringComparison.Ordinal))
        {
            return ("*", part);
        }
        var colon = part.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0)
        {
            return ("*", part);
        }
        var label = part[..colon];
        var paren = label.IndexOf(" (", StringComparison.Ordinal);
        return ((paren > 0 ? label[..paren] : label).Trim(), part[(colon + 2)..]);
    }

    private static Source SourceForReference(string reference)
    {
        var osm = OsmWayPattern().Match(reference);
        if (osm.Success)
        {
            return new Source
            {
                Id = $"source:osm-way-{osm.Groups[1].Value}",
                Name = $"OpenStreetMap way {osm.Groups[1].Value} (landuse=industrial)",
                Publisher = "OpenStreetMap contributors",
                Url = $"https://www.openstreetmap.org/way/{osm.Groups[1].Value}",
                SourceType = "dataset",
                Licence = "ODbL-1.0",
                Note = "Bounding-box centre of the way, from an Overpass query of 2026-10-07 recorded in a public source file.",
            };
        }
        if (reference.StartsWith("Vietnamese Wikipedia", StringComparison.Ordinal))
        {
            return new Source
            {
                Id = "source:wikipedia-vi-khu-kinh-te-2007",
                Name = "Khu kinh tế ở Việt Nam (Vietnamese Wikipedia, April 2007 static dump)",
                Publisher = "Wikipedia contributors",
                Url = UrlPattern().Match(reference).Value,
                SourceType = "web page",
                Licence = "CC BY-SA",
            };
        }
        var url = UrlPattern().Match(reference);
        if (!url.Success)
        {
            return new Source
            {
                Id = $"source:ref-{Hash(reference)}",
                Name = reference,
                SourceType = "reference",
            };
        }
        var uri = new Uri(url.Value);
        return new Source
        {
            Id = $"source:web-{Hash(url.Value)}",
            Name = $"{uri.Host}{uri.AbsolutePath}",
            Publisher = uri.Host,
            Url = url.Value,
            SourceType = "web page",
        };
    }

    private static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
}
