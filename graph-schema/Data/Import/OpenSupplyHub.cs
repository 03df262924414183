using System.Globalization;
using Ecosystem.Graph.Data.Input;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Graph.Data.Import;

/// <summary>
/// An Open Supply Hub facility download read as firm rows to match: facilities in Vietnam only (the others counted and
/// skipped), each with its OS ID as an identifier, its name, address, coordinates and the province its address ends
/// with; sector, product type, processing type, number of workers and parent company, which the graph has no field for,
/// go into the firm's note. Each contributor is a source (a facility several contributed cites them all). Multi-valued
/// cells are separated by '|', as the download writes them.
/// </summary>
public static class OpenSupplyHub
{
    /// <summary>The columns a download must have.</summary>
    public static readonly string[] Columns = ["os_id", "name", "address", "country_code"];

    /// <summary>Columns read when present ("contributor_name" is the newer download's name for "contributor").</summary>
    public static readonly string[] OptionalColumns =
        ["lat", "lng", "sector", "product_type", "processing_type", "facility_type", "number_of_workers", "parent_company", "contributor", "contributor_name"];

    /// <summary>Where the facilities come from, when a row names no contributor.</summary>
    public const string HubSourceId = "source:open-supply-hub";

    /// <summary>The rows of facilities in Vietnam as firm inputs (null for a row with a bad value, its problems added), the sources they cite, and how many rows were skipped.</summary>
    public static (List<CsvRow> Rows, List<FirmInput?> Firms, List<SourceInput> Sources, int Skipped) Read(
        IReadOnlyList<CsvRow> rows, ProvinceDirectory provinces, DateOnly today, List<ImportError> errors)
    {
        var kept = new List<CsvRow>();
        var firms = new List<FirmInput?>();
        var sources = new Dictionary<string, SourceInput>(StringComparer.Ordinal);
        var skipped = 0;
        foreach (var row in rows)
        {
            if (!string.Equals(row.Optional("country_code"), "VN", StringComparison.OrdinalIgnoreCase))
            {
                skipped++;
                continue;
            }
            kept.Add(row);
            firms.Add(Firm(row, provinces, today, sources, errors));
        }
        return (kept, firms, [.. sources.Values], skipped);
    }

    private static FirmInput? Firm(CsvRow row, ProvinceDirectory provinces, DateOnly today, Dictionary<string, SourceInput> sources, List<ImportError> errors)
    {
        var before = errors.Count;
        var osId = row.Optional("os_id");
        if (!Identifiers.TryNormalize(IdentifierScheme.OpenSupplyHub, osId, out var canonical, out var why))
        {
            errors.Add(new ImportError(row.File, row.Line, "os_id", osId ?? "", why));
        }
        var lat = Coordinate(row, "lat", errors);
        var lng = Coordinate(row, "lng", errors);
        if (errors.Count > before)
        {
            return null;
        }
        var workers = row.Optional("number_of_workers");
        int? employees = int.TryParse(workers, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;
        var contributors = Values(row.Optional("contributor_name") ?? row.Optional("contributor"));
        var cited = new List<string>();
        foreach (var contributor in contributors.DefaultIfEmpty(""))
        {
            var id = contributor.Length == 0 ? HubSourceId : $"source:osh-{Slug(contributor)}";
            sources.TryAdd(id, new SourceInput
            {
                Id = id,
                Title = contributor.Length == 0 ? "Open Supply Hub facility data" : $"Open Supply Hub facility list contributed by {contributor}",
                Publisher = "Open Supply Hub",
                Url = "https://opensupplyhub.org",
            });
            cited.Add(id);
        }
        var noted = new List<string>();
        void Note(string label, string column)
        {
            if (Values(row.Optional(column)) is { Count: > 0 } values)
            {
                noted.Add($"{label}: {string.Join(", ", values)}");
            }
        }
        Note("sector", "sector");
        Note("product type", "product_type");
        Note("processing type", "processing_type");
        Note("facility type", "facility_type");
        if (employees is null)
        {
            Note("workers", "number_of_workers");
        }
        Note("parent company", "parent_company");
        var address = row.Optional("address");
        return new FirmInput
        {
            Id = "",
            Name = row.Optional("name") ?? "",
            Country = "VN",
            Address = address,
            Province = ProvinceOf(address, provinces, today),
            Lat = lat,
            Lng = lng,
            Employees = employees,
            Identifiers = [new FirmIdentifier(IdentifierScheme.OpenSupplyHub, canonical)],
            Note = noted.Count == 0 ? null : $"Open Supply Hub {canonical}: {string.Join("; ", noted)}.",
            Sources = cited,
        };
    }

    /// <summary>The province an address ends with (its last parts, old names or new), when one of them names one.</summary>
    public static string? ProvinceOf(string? address, ProvinceDirectory provinces, DateOnly today)
    {
        var parts = (address ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts.Reverse().Take(3))
        {
            // "Binh Duong Province", "Tỉnh Bình Dương", "TP. Hồ Chí Minh": the words around the name are not part of it.
            var name = System.Text.RegularExpressions.Regex.Replace(part, @"(?i)^(tỉnh|tinh|thành phố|thanh pho|tp\.?|city of)\s+|\s+(province|city)$|\s*\d{5,6}$", "").Trim();
            if (name.Length > 0 && !name.Equals("Vietnam", StringComparison.OrdinalIgnoreCase) && !name.Equals("Viet Nam", StringComparison.OrdinalIgnoreCase)
                && provinces.Resolve(name, today) is { } province)
            {
                return province.Id;
            }
        }
        return null;
    }

    private static double? Coordinate(CsvRow row, string column, List<ImportError> errors)
    {
        if (row.Optional(column) is not { } text)
        {
            return null;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }
        errors.Add(new ImportError(row.File, row.Line, column, text, "not a number"));
        return null;
    }

    private static List<string> Values(string? cell) =>
        cell is null ? [] : [.. cell.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)];

    private static string Slug(string text)
    {
        var slug = VietnameseText.Slug(text);
        slug = slug.Length > 60 ? slug[..60].TrimEnd('-') : slug;
        return slug.Length == 0 || !char.IsAsciiLetterOrDigit(slug[0]) ? "contributor" : slug;
    }
}
