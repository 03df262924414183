using System.Globalization;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Graph.Data;

/// <summary>Products (HS 2022 with their ISIC Rev.4 classes and the reconstructed priority list), processes and certification standards.</summary>
public static partial class ReferenceData
{
    public const string HsSource = "source:dataset-hs2022";
    public const string HsIsicSource = "source:dataset-hs2022-isic4";
    public const string CertificationsSource = "source:dataset-certifications";
    public const string PriorityProductsSource = "source:reconstruction-decree111-products";
    public const string ProcessesSource = "source:catalogue-processes";

    /// <summary>The id of the reconstructed list of Decree 111/2015's priority supporting-industry products.</summary>
    public const string PriorityProductsList = "decree111-reconstructed";

    /// <summary>A product's id from its HS code (digits, or with the dot customs write: "8708.29").</summary>
    public static string ProductId(string code) => NodeIds.Make(NodeKind.Product, code.Replace(".", "", StringComparison.Ordinal));

    public static string ProcessId(string code) => NodeIds.Make(NodeKind.Process, code);

    /// <summary>A standard's id from its code as the catalogue writes it ("IATF 16949" is standard:iatf-16949).</summary>
    public static string StandardId(string code) => NodeIds.Make(NodeKind.CertificationStandard, CodeSlug(code));

    /// <summary>A code folded to lower-case letters and digits, every other run of characters one hyphen ("ISO/IEC 17025" is "iso-iec-17025").</summary>
    private static string CodeSlug(string code)
    {
        var folded = VietnameseText.Fold(code);
        var slug = new System.Text.StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        return slug.ToString().TrimEnd('-');
    }

    private static List<Product> LoadProducts(string dir)
    {
        var sectors = new Dictionary<string, List<ProductSector>>(StringComparer.Ordinal);
        foreach (var row in Csv.Read(File(dir, "hs_isic/hs2022_isic4.csv")))
        {
            if (!sectors.TryGetValue(row["hs6"], out var list))
            {
                sectors[row["hs6"]] = list = [];
            }
            list.Add(new ProductSector(SectorCode.IdOf(Classification.Isic4, row["isic4"]), row.Number("weight") ?? 0, row["is_primary"] == "1", [HsIsicSource]));
        }
        var listings = PriorityListings(dir);
        var products = new List<Product>();
        foreach (var row in Csv.Read(File(dir, "hs/harmonized-system.csv")))
        {
            var code = row["hscode"];
            if (code == "TOTAL")
            {
                continue;
            }
            var level = row["level"] switch
            {
                "2" => ProductLevel.Chapter,
                "4" => ProductLevel.Heading,
                "6" => ProductLevel.Subheading,
                var other => throw new FormatException($"hs/harmonized-system.csv line {row.Line}: unknown level '{other}'"),
            };
            var parent = row["parent"];
            var mapped = sectors.GetValueOrDefault(code) ?? [];
            var listed = listings.GetValueOrDefault(code) ?? [];
            products.Add(new Product
            {
                Id = ProductId(code),
                Code = code,
                Level = level,
                Name = row["description"],
                NameEn = row["description"],
                Section = row.Get("section"),
                ParentId = level == ProductLevel.Chapter ? null : ProductId(parent),
                Sectors = mapped,
                Listings = listed,
                Sources = [HsSource, .. mapped.Count > 0 ? [HsIsicSource] : Array.Empty<string>(), .. listed.Count > 0 ? [PriorityProductsSource] : Array.Empty<string>()],
            });
        }
        return products;
    }

    /// <summary>
    /// The press-reported supporting-industry statistics (si_statistics.csv): one source per article or report they were
    /// read from (by URL), each carrying its figures as stated.
    /// </summary>
    internal static List<Source> LoadReportedFigures(string dir)
    {
        var bySource = new Dictionary<string, (CsvRow First, List<ReportedFigure> Figures)>(StringComparer.Ordinal);
        foreach (var row in Csv.Read(File(dir, "supporting_industry/si_statistics.csv")))
        {
            var value = row["value"];
            var (low, high) = Range(value.Replace(",", "", StringComparison.Ordinal));
            var figure = new ReportedFigure(row["indicator"], row["sector"], low, high, value, row["unit"], row["reference_period"], row["kind"], row.Get("notes"));
            var url = row["source_url"];
            if (!bySource.TryGetValue(url, out var entry))
            {
                bySource[url] = entry = (row, []);
            }
            entry.Figures.Add(figure);
        }
        return [.. bySource.Select(kv => new Source
        {
            Id = ReportedFiguresSourceId(kv.Key),
            Name = $"Supporting-industry figures reported by {kv.Value.First["source_org_as_reported"]}",
            Publisher = kv.Value.First["source_org_as_reported"],
            Url = kv.Key,
            Date = DateOnly.TryParse(kv.Value.First["source_date"], CultureInfo.InvariantCulture, out var date) ? date : null,
            SourceType = "article",
            Note = "Press-reported statistics, as the source states them (data/supporting_industry/si_statistics.csv; see its PROVENANCE.md).",
            Figures = kv.Value.Figures,
        })];
    }

    /// <summary>The id of the source of reported figures read from a URL: stable, from the URL's hash.</summary>
    public static string ReportedFiguresSourceId(string url) =>
        NodeIds.Make(NodeKind.Source, "press-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(url)))[..12]);

    /// <summary>A value as low and high: "96-97" is (96, 97), "1383" is (1383, 1383); text that is no number is (null, null).</summary>
    private static (double? Low, double? High) Range(string value)
    {
        static double? Number(string text) => double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
        var dash = value.IndexOf('-', 1);
        if (dash > 0 && Number(value[..dash]) is { } a && Number(value[(dash + 1)..]) is { } b)
        {
            return (a, b);
        }
        return Number(value) is { } single ? (single, single) : (null, null);
    }

    /// <summary>
    /// The reconstructed priority list by HS code: each item's codes ("5004-5006" a range of headings, "854430" a
    /// subheading) with the item, its sector code and how the code was assigned ("obvious" or inferred).
    /// </summary>
    private static Dictionary<string, List<ProductListing>> PriorityListings(string dir)
    {
        var byCode = new Dictionary<string, List<ProductListing>>(StringComparer.Ordinal);
        foreach (var row in Csv.Read(File(dir, "supporting_industry/si_products_decree111_reconstructed.csv")))
        {
            var listing = new ProductListing(PriorityProductsList, row["sector_code"], row["product_vi"], row.Get("product_en"), row.Get("hs_basis"), [PriorityProductsSource]);
            foreach (var code in HsCodes(row["hs_codes_inferred"], row.Line))
            {
                if (!byCode.TryGetValue(code, out var list))
                {
                    byCode[code] = list = [];
                }
                list.Add(listing);
            }
        }
        return byCode;
    }

    /// <summary>HS codes written as a list: "5004-5006;5201" (ranges of codes of one length) or "854430".</summary>
    internal static IEnumerable<string> HsCodes(string value, int line)
    {
        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                yield return part.Replace(".", "", StringComparison.Ordinal);
                continue;
            }
            var (from, to) = (part[..dash], part[(dash + 1)..]);
            if (from.Length != to.Length || !int.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var a) ||
                !int.TryParse(to, NumberStyles.None, CultureInfo.InvariantCulture, out var b) || b < a || b - a > 200)
            {
                throw new FormatException($"line {line}: '{part}' is not a range of HS codes");
            }
            for (var c = a; c <= b; c++)
            {
                yield return c.ToString(new string('0', from.Length), CultureInfo.InvariantCulture);
            }
        }
    }

    private static List<Process> LoadProcesses(string dir) =>
        [.. Csv.Read(File(dir, "curated/processes.csv")).Select(row => new Process
        {
            Id = ProcessId(row["code"]),
            Code = row["code"],
            Name = row["name_vi"],
            NameEn = row.Get("name_en"),
            Group = row.Get("group"),
            Sources = [ProcessesSource],
        })];

    private static List<CertificationStandard> LoadStandards(string dir) =>
        [.. Csv.Read(File(dir, "certifications/certifications.csv")).Select(row => new CertificationStandard
        {
            Id = StandardId(row["code"]),
            Code = row["code"],
            Name = row["name"],
            NameEn = row["name"],
            Owner = row.Get("issuer_or_owner"),
            StandardType = row.Get("cert_type"),
            ThirdPartyCertificate = row.Get("third_party_certificate") == "yes",
            IsicDivisions = row.Get("isic4_divisions"),
            Relevance = row.Get("why_it_matters_for_vn_suppliers"),
            Url = row.Get("reference_url"),
            Note = row.Get("notes"),
            Sources = [CertificationsSource],
        })];
}
