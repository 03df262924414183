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

    /// <summary>The column of an input field: "taxCode" is tax_code, "valueUsd" value_usd, "sources" the source column.</summary>
    public static string ColumnOf(string field) => field switch
    {
        "taxCode" => "tax_code",
        "valueUsd" => "value_usd",
        "sources" => "source",
        _ => field,
    };

    /// <summary>A firm row, or null with the reasons added when a value does not read.</summary>
    public static FirmInput? Firm(CsvRow row, List<ImportError> errors)
    {
        var before = errors.Count;
        var ownership = Enum<Ownership>(row, "ownership", "not one of DOMESTIC_PRIVATE, STATE, FDI, JOINT_VENTURE", errors);
        var roles = new List<FirmRole>();
        foreach (var role in Split(row.Get("roles")))
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
        return errors.Count > before ? null : new FirmInput
        {
            Id = row.Get("id") ?? "",
            Name = row.Get("name") ?? "",
            TaxCode = row.Get("tax_code"),
            Ownership = ownership,
            Country = row.Get("country") ?? "",
            Province = row.Get("province"),
            Park = row.Get("park"),
            Sectors = [.. Split(row.Get("sectors"))],
            Roles = roles,
            Lat = lat,
            Lng = lng,
            Sources = [.. Split(row.Get("source"))],
        };
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
            Supplier = row.Get("supplier") ?? "",
            Buyer = row.Get("buyer") ?? "",
            Sector = row.Get("sector") ?? "",
            Product = row.Get("product"),
            ValueUsd = value,
            Since = since,
            Until = until,
            Confidence = confidence,
            Sources = [.. Split(row.Get("source"))],
        };
    }

    /// <summary>A source row, or null with the reason added when its date does not read.</summary>
    public static SourceInput? Source(CsvRow row, List<ImportError> errors)
    {
        var before = errors.Count;
        var date = Date(row, "date", errors);
        return errors.Count > before ? null : new SourceInput
        {
            Id = row.Get("id") ?? "",
            Title = row.Get("title") ?? "",
            Publisher = row.Get("publisher"),
            Url = row.Get("url"),
            Date = date,
        };
    }

    private static double? Number(CsvRow row, string column, List<ImportError> errors)
    {
        if (row.Get(column) is not { } text)
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
        if (row.Get(column) is not { } text)
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
        if (row.Get(column) is not { } text)
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

    private static ImportError Error(CsvRow row, string column, string reason) => new(row.File, row.Line, column, row.Get(column) ?? "", reason);

    private static string[] Split(string? list) =>
        list is null ? [] : list.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
