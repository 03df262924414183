using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Data;

/// <summary>Parks, their sources and citations, from the parks datasets.</summary>
public static partial class ReferenceData
{
    private static (List<Park> Parks, List<Source> Sources) LoadParks(string dir, ProvinceDirectory provinces)
    {
        var sources = new Dictionary<string, Source>(StringComparer.Ordinal);
        var beforeMerger = ProvinceDirectory.MergerDate.AddDays(-1);
        var byId = Csv.Read(File(dir, "parks/parks.csv")).Select(row => ParkOf(row, provinces, beforeMerger, sources)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        AddCuratedParks(dir, provinces, beforeMerger, byId);
        return ([.. byId.Values], [.. sources.Values]);
    }

    /// <summary>A park of the parks dataset, each value cited to the reference its row names (those sources added).</summary>
    private static Park ParkOf(CsvRow row, ProvinceDirectory provinces, DateOnly beforeMerger, Dictionary<string, Source> sources)
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
        return new Park
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
        };
    }

    /// <summary>The curated parks, their citations and priority sectors, over the dataset's.</summary>
    private static void AddCuratedParks(string dir, ProvinceDirectory provinces, DateOnly beforeMerger, Dictionary<string, Park> byId)
    {
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
