using System.Globalization;
using Ecosystem.Graph.Data.Input;
using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Data.Import;

/// <summary>
/// Import rows read into the typed inputs the API's mutations give (<see cref="FirmInput"/>, <see cref="LinkInput"/>,
/// <see cref="SourceInput"/>). Only what a file alone can get wrong is found here (a number, date or enum that does not
/// read); every other rule is <see cref="InputPlanner"/>'s. Columns are the inputs' fields in snake_case.
/// </summary>
public static class CsvInputs
{
    public static readonly string[] FirmColumns = ["id", "name", "tax_code", "ownership", "country", "province", "park", "sectors", "roles", "lat", "lng", "source"];
    public static readonly string[] LinkColumns = ["supplier", "buyer", "sector", "product", "value_usd", "since", "until", "confidence", "source"];
    public static readonly string[] SourceColumns = ["id", "title", "publisher", "url", "date"];

    /// <summary>Optional columns of firms.csv for identifiers besides the tax code, each cell one value or several separated by ';'.</summary>
    public static readonly IReadOnlyDictionary<string, Rules.IdentifierScheme> IdentifierColumns = new Dictionary<string, Rules.IdentifierScheme>
    {
        ["osh_id"] = Rules.IdentifierScheme.OpenSupplyHub,
        ["lei"] = Rules.IdentifierScheme.Lei,
        ["gln"] = Rules.IdentifierScheme.Gln,
        ["registration_number"] = Rules.IdentifierScheme.EnterpriseRegistration,
        ["customs_code"] = Rules.IdentifierScheme.Customs,
    };

    /// <summary>Optional columns of firms.csv (a file without them leaves those values out).</summary>
    public static readonly string[] FirmOptionalColumns =
        ["origin_country", "size", "employees", "founded_year", "revenue_usd", "alliances", "address", "ward", .. IdentifierColumns.Keys];

    /// <summary>Optional columns of links.csv: the HS 2022 code of what is supplied.</summary>
    public static readonly string[] LinkOptionalColumns = ["hs_code"];

    public static readonly string[] CapabilityColumns = ["firm", "kind", "code", "detail", "capacity", "unit", "valid_from", "valid_to", "verified", "source"];

    /// <summary>Optional columns of capabilities.csv: a certificate's issuing body.</summary>
    public static readonly string[] CapabilityOptionalColumns = ["issuer"];

    public static readonly string[] SourcingColumns =
    [
        "request", "buyer", "title", "posted_on", "needed_by", "status", "item", "hs_code", "sector", "description", "annual_quantity", "unit",
        "required_certifications", "required_processes", "max_distance_km", "source",
    ];

    /// <summary>Optional columns of sourcing.csv: provinces an item's suppliers must be in, and whether the request is restricted.</summary>
    public static readonly string[] SourcingOptionalColumns = ["provinces", "restricted"];

    /// <summary>The column of an input field: "taxCode" is tax_code, "valueUsd" value_usd, "sources" the source column.</summary>
    public static string ColumnOf(string field) => field switch
    {
        "taxCode" => "tax_code",
        "valueUsd" => "value_usd",
        "sources" => "source",
        "originCountry" => "origin_country",
        "foundedYear" => "founded_year",
        "revenueUsd" => "revenue_usd",
        "validFrom" => "valid_from",
        "validTo" => "valid_to",
        "postedOn" => "posted_on",
        "neededBy" => "needed_by",
        "items.key" => "item",
        "items.hsCode" => "hs_code",
        "items.sector" => "sector",
        "items.description" => "description",
        "items.annualQuantity" => "annual_quantity",
        "items.unit" => "unit",
        "items.requiredCertifications" => "required_certifications",
        "items.requiredProcesses" => "required_processes",
        "items.maxDistanceKm" => "max_distance_km",
        "items.provinces" => "provinces",
        "hsCode" => "hs_code",
        _ => field,
    };

    /// <summary>A firm row, or null with the reasons added when a value does not read.</summary>
    public static FirmInput? Firm(CsvRow row, List<ImportError> errors)
    {
        var before = errors.Count;
        var ownership = Enum<Ownership>(row, "ownership", "not one of DOMESTIC_PRIVATE, STATE, FDI, JOINT_VENTURE", errors);
        var roles = new List<FirmRole>();
        foreach (var role in Split(row.Optional("roles")))
        {
            if (Parse<FirmRole>(role) is { } r)
            {
                roles.Add(r);
            }
            else
            {
                errors.Add(new ImportError(row.File, row.Line, "roles", role, "not one of LEAD_FIRM, SUPPORTING_INDUSTRY, PARK_DEVELOPER, LOGISTICS"));
            }
        }
        var lat = Number(row, "lat", errors);
        var lng = Number(row, "lng", errors);
        var size = row.Optional("size") is null ? null : Enum<FirmSize>(row, "size", "not one of MICRO, SMALL, MEDIUM, LARGE", errors);
        var employees = row.Optional("employees") is null ? null : Whole(row, "employees", errors);
        var founded = row.Optional("founded_year") is null ? null : Whole(row, "founded_year", errors);
        var revenue = row.Optional("revenue_usd") is null ? null : Number(row, "revenue_usd", errors);
        var identifiers = Identifiers(row, errors);
        return errors.Count > before ? null : new FirmInput
        {
            Id = row.Optional("id") ?? "",
            Name = row.Optional("name") ?? "",
            TaxCode = row.Optional("tax_code"),
            Ownership = ownership,
            Country = row.Optional("country") ?? "",
            Province = row.Optional("province"),
            Park = row.Optional("park"),
            Address = row.Optional("address"),
            Ward = row.Optional("ward"),
            Sectors = [.. Split(row.Optional("sectors"))],
            Roles = roles,
            Lat = lat,
            Lng = lng,
            OriginCountry = row.Optional("origin_country"),
            Size = size,
            Employees = employees,
            FoundedYear = founded,
            RevenueUsd = revenue,
            Alliances = row.Optional("alliances") is { } alliances ? Split(alliances) : null,
            Identifiers = identifiers,
            Sources = [.. Split(row.Optional("source"))],
        };
    }

    /// <summary>The identifiers of a firm row's identifier columns, each checked by its scheme's rule (null when the row gives none).</summary>
    private static List<FirmIdentifier>? Identifiers(CsvRow row, List<ImportError> errors)
    {
        List<FirmIdentifier>? result = null;
        foreach (var (column, scheme) in IdentifierColumns)
        {
            foreach (var value in Split(row.Optional(column)))
            {
                if (Rules.Identifiers.TryNormalize(scheme, value, out var canonical, out var why))
                {
                    (result ??= []).Add(new FirmIdentifier(scheme, canonical));
                }
                else
                {
                    errors.Add(Error(row, column, why));
                }
            }
        }
        return result;
    }

    /// <summary>A capability row, or null with the reasons added when a value does not read.</summary>
    public static CapabilityInput? Capability(CsvRow row, List<ImportError> errors)
    {
        var before = errors.Count;
        var kind = row.Optional("kind") is null ? null : Enum<CapabilityKind>(row, "kind", "not one of product, process, certification, export_market", errors);
        if (row.Optional("kind") is null)
        {
            errors.Add(Error(row, "kind", "required (product, process, certification or export_market)"));
        }
        var capacity = Number(row, "capacity", errors);
        var from = Date(row, "valid_from", errors);
        var to = Date(row, "valid_to", errors);
        var verified = Flag(row, "verified", errors);
        return errors.Count > before ? null : new CapabilityInput
        {
            Firm = row.Optional("firm") ?? "",
            Kind = kind!.Value,
            Code = row.Optional("code") ?? "",
            Detail = row.Optional("detail"),
            Issuer = row.Optional("issuer"),
            Capacity = capacity,
            Unit = row.Optional("unit"),
            ValidFrom = from,
            ValidTo = to,
            Verified = verified ?? false,
            Sources = [.. Split(row.Optional("source"))],
        };
    }

    /// <summary>
    /// Sourcing rows (one per item) as requests: rows of one request id are its items, in file order; the request's own
    /// columns (buyer, title, dates, status, source) must be the same on each of its rows. Each request comes with its
    /// rows (an item's problems are reported on its row, the request's on its first).
    /// </summary>
    public static List<(SourcingRequestInput? Request, List<CsvRow> Rows)> Sourcing(IReadOnlyList<CsvRow> rows, List<ImportError> errors)
    {
        string[] shared = ["buyer", "title", "posted_on", "needed_by", "status", "source", "restricted"];
        var result = new List<(SourcingRequestInput?, List<CsvRow>)>();
        foreach (var group in rows.GroupBy(r => r.Optional("request") ?? "", StringComparer.Ordinal))
        {
            var list = group.ToList();
            var first = list[0];
            var before = errors.Count;
            if (group.Key.Length == 0)
            {
                errors.AddRange(list.Select(r => Error(r, "request", "required")));
                continue;
            }
            foreach (var row in list.Skip(1))
            {
                foreach (var column in shared.Where(c => row.Optional(c) != first.Optional(c)))
                {
                    errors.Add(Error(row, column, $"differs from line {first.Line}, the request's first row"));
                }
            }
            var posted = Date(first, "posted_on", errors);
            var needed = Date(first, "needed_by", errors);
            var status = Enum<SourcingStatus>(first, "status", "not one of open, closed", errors);
            var restricted = first.Optional("restricted") is null ? false : Flag(first, "restricted", errors);
            var items = new List<SourcingItemInput>();
            foreach (var row in list)
            {
                var quantity = Number(row, "annual_quantity", errors);
                var distance = Number(row, "max_distance_km", errors);
                items.Add(new SourcingItemInput
                {
                    Key = row.Optional("item") ?? "",
                    HsCode = row.Optional("hs_code"),
                    Sector = row.Optional("sector"),
                    Description = row.Optional("description"),
                    AnnualQuantity = quantity,
                    Unit = row.Optional("unit"),
                    RequiredCertifications = Split(row.Optional("required_certifications")),
                    RequiredProcesses = Split(row.Optional("required_processes")),
                    MaxDistanceKm = distance,
                    Provinces = Split(row.Optional("provinces")),
                });
            }
            result.Add((errors.Count > before ? null : new SourcingRequestInput
            {
                Id = group.Key,
                Buyer = first.Optional("buyer") ?? "",
                Title = first.Optional("title") ?? "",
                PostedOn = posted,
                NeededBy = needed,
                Status = status,
                Restricted = restricted ?? false,
                Items = items,
                Sources = [.. Split(first.Optional("source"))],
            }, list));
        }
        return result;
    }

    private static bool? Flag(CsvRow row, string column, List<ImportError> errors)
    {
        switch (row.Optional(column)?.ToLowerInvariant())
        {
            case null:
                return null;
            case "true" or "yes" or "1":
                return true;
            case "false" or "no" or "0":
                return false;
            default:
                errors.Add(Error(row, column, "not true or false"));
                return null;
        }
    }

    private static int? Whole(CsvRow row, string column, List<ImportError> errors)
    {
        if (row.Optional(column) is not { } text)
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        errors.Add(Error(row, column, "not a whole number"));
        return null;
    }

    /// <summary>A link row, or null with the reasons added when a value does not read.</summary>
    public static LinkInput? Link(CsvRow row, List<ImportError> errors)
    {
        var before = errors.Count;
        var value = Number(row, "value_usd", errors);
        var since = Date(row, "since", errors);
        var until = Date(row, "until", errors);
        var confidence = Number(row, "confidence", errors);
        return errors.Count > before ? null : new LinkInput
        {
            Supplier = row.Optional("supplier") ?? "",
            Buyer = row.Optional("buyer") ?? "",
            Sector = row.Optional("sector") ?? "",
            Product = row.Optional("product"),
            HsCode = row.Optional("hs_code"),
            ValueUsd = value,
            Since = since,
            Until = until,
            Confidence = confidence,
            Sources = [.. Split(row.Optional("source"))],
        };
    }

    /// <summary>A source row, or null with the reason added when its date does not read.</summary>
    public static SourceInput? Source(CsvRow row, List<ImportError> errors)
    {
        var before = errors.Count;
        var date = Date(row, "date", errors);
        return errors.Count > before ? null : new SourceInput
        {
            Id = row.Optional("id") ?? "",
            Title = row.Optional("title") ?? "",
            Publisher = row.Optional("publisher"),
            Url = row.Optional("url"),
            Date = date,
        };
    }

    private static double? Number(CsvRow row, string column, List<ImportError> errors)
    {
        if (row.Optional(column) is not { } text)
        {
            return null;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }
        errors.Add(Error(row, column, "not a number"));
        return null;
    }

    private static DateOnly? Date(CsvRow row, string column, List<ImportError> errors)
    {
        if (row.Optional(column) is not { } text)
        {
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        errors.Add(Error(row, column, "not a date (yyyy-MM-dd)"));
        return null;
    }

    private static TEnum? Enum<TEnum>(CsvRow row, string column, string message, List<ImportError> errors)
        where TEnum : struct, System.Enum
    {
        if (row.Optional(column) is not { } text)
        {
            return null;
        }
        if (Parse<TEnum>(text) is { } value)
        {
            return value;
        }
        errors.Add(Error(row, column, message));
        return null;
    }

    private static TEnum? Parse<TEnum>(string text)
        where TEnum : struct, System.Enum =>
        System.Enum.TryParse<TEnum>(text.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var value) && System.Enum.IsDefined(value) ? value : null;

    private static ImportError Error(CsvRow row, string column, string reason) => new(row.File, row.Line, column, row.Optional(column) ?? "", reason);

    private static string[] Split(string? list) =>
        list is null ? [] : list.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
