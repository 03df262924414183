using System.Globalization;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Data.Import;

/// <summary>
/// Imports firms, supply links and sources from CSV files. Every row is checked first and every bad value reported
/// (file, line, column, value, reason); with any error nothing is written. Otherwise everything goes in one atomic
/// change set, so re-running the same files changes nothing. Used by the seed CLI and the API alike.
/// </summary>
public sealed class SupplyImporter(IGraphStore store)
{
    public static readonly string[] FirmColumns = ["id", "name", "tax_code", "ownership", "country", "province", "park", "sectors", "roles", "lat", "lng", "source"];
    public static readonly string[] LinkColumns = ["supplier", "buyer", "sector", "product", "value_usd", "since", "until", "confidence", "source"];
    public static readonly string[] SourceColumns = ["id", "title", "publisher", "url", "date"];

    public async Task<ImportReport> ImportAsync(ImportFiles files, bool dryRun, DateOnly today, IProgress<string>? progress = null, CancellationToken cancellationToken = default, AuditInfo? audit = null)
    {
        var (report, changes) = await PlanAsync(files, today, progress, cancellationToken).ConfigureAwait(false);
        report = report with { DryRun = dryRun };
        if (changes is null || dryRun)
        {
            return report;
        }
        progress?.Report($"writing {report.Firms:N0} firms, {report.Links:N0} links and {report.Sources:N0} sources in one change set");
        try
        {
            var result = await store.ApplyAsync(changes with { Audit = audit }, cancellationToken).ConfigureAwait(false);
            return report with { Written = result.Changed, Version = result.Version, NodesWritten = result.NodesWritten, LinksWritten = result.LinksWritten };
        }
        catch (ChangeSetRejectedException ex)
        {
            // The rows passed every check here; the store's own rules still have the last word.
            return report with { Errors = [.. ex.Errors.Select(e => new ImportError(files.FirmsName, 0, "", e.ToString(), "refused by the store"))] };
        }
    }

    /// <summary>
    /// Checks every row and, when all are valid, gives the one change set that would write them (null with errors).
    /// Nothing is written.
    /// </summary>
    public async Task<(ImportReport Report, ChangeSet? Changes)> PlanAsync(ImportFiles files, DateOnly today, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var errors = new List<ImportError>();
        var sourceRows = files.Sources is null ? [] : Rows(files.Sources, files.SourcesName, SourceColumns, errors);
        var firmRows = Rows(files.Firms, files.FirmsName, FirmColumns, errors);
        var linkRows = Rows(files.Links, files.LinksName, LinkColumns, errors);
        progress?.Report($"read {firmRows.Count:N0} firms, {linkRows.Count:N0} links, {sourceRows.Count:N0} sources");
        if (errors.Count > 0)
        {
            return (new ImportReport { Errors = errors }, null);
        }

        // What the rows refer to, fetched from the store in a few batched calls.
        var provinces = new ProvinceDirectory((await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Province }, cancellationToken).ConfigureAwait(false)).Items.Select(i => (Province)i.Node));
        var parks = (await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Park }, cancellationToken).ConfigureAwait(false)).Items.Select(i => (Park)i.Node).ToList();
        var parkById = parks.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var parksByName = parks.GroupBy(p => VietnameseText.Fold(p.Name)).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var sectorCodes = firmRows.SelectMany(r => Split(r.Get("sectors"))).Concat(linkRows.Select(r => r.Get("sector")).OfType<string>()).Select(SectorId).Distinct().ToList();
        var knownSectors = await ExistingAsync(sectorCodes, NodeKind.Sector, cancellationToken).ConfigureAwait(false);

        var sources = new Dictionary<string, Source>(StringComparer.Ordinal);
        foreach (var row in sourceRows)
        {
            var id = Id(NodeKind.Source, row, "id", errors);
            var title = Required(row, "title", errors);
            var date = Date(row, "date", errors);
            if (id is null || title is null)
            {
                continue;
            }
            if (!sources.TryAdd(id, new Source { Id = id, Name = title, Publisher = row.Get("publisher"), Url = row.Get("url"), Date = date, SourceType = "dataset" }))
            {
                errors.Add(Error(row, "id", "duplicate id in this file"));
            }
        }
        var citedSources = firmRows.Select(r => r.Get("source")).Concat(linkRows.Select(r => r.Get("source"))).SelectMany(Split)
            .Select(s => Prefixed(NodeKind.Source, s)).Where(s => !sources.ContainsKey(s)).Distinct().ToList();
        var knownSources = await ExistingAsync(citedSources, NodeKind.Source, cancellationToken).ConfigureAwait(false);

        var firms = new Dictionary<string, Firm>(StringComparer.Ordinal);
        var byTaxCode = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in firmRows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var firm = ReadFirm(row, today, provinces, parkById, parksByName, knownSectors, sources, knownSources, errors);
            if (firm is null)
            {
                continue;
            }
            if (!firms.TryAdd(firm.Id, firm))
            {
                errors.Add(Error(row, "id", "duplicate id in this file"));
            }
            else if (firm.TaxCode is { } tax && !byTaxCode.TryAdd(tax, firm.Id))
            {
                errors.Add(Error(row, "tax_code", $"the same tax code as {byTaxCode[tax]}"));
            }
        }
        progress?.Report($"checked firms: {errors.Count:N0} problems so far");

        // Firms the links name that are not in the file: by id or by tax code, from the store.
        var refs = linkRows.SelectMany(r => new[] { r.Get("supplier"), r.Get("buyer") }).OfType<string>().Distinct().ToList();
        var storeIds = refs.Where(r => !LooksLikeTaxCode(r)).Select(r => Prefixed(NodeKind.Firm, r)).Where(id => !firms.ContainsKey(id)).Distinct().ToList();
        var storeFirms = await ExistingAsync(storeIds, NodeKind.Firm, cancellationToken).ConfigureAwait(false);
        var taxRefs = refs.Where(LooksLikeTaxCode).Select(r => TaxCode.TryNormalize(r, out var c, out _) ? c : null).OfType<string>().Where(t => !byTaxCode.ContainsKey(t)).Distinct().ToList();
        if (taxRefs.Count > 0)
        {
            var page = await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, Filter = new NodeFilter { TaxCodes = taxRefs } }, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                byTaxCode.TryAdd(((Firm)item.Node).TaxCode!, item.Node.Id);
            }
        }

        var links = new Dictionary<string, SupplyLink>(StringComparer.Ordinal);
        var checkedLinks = 0;
        foreach (var row in linkRows)
        {
            var link = ReadLink(row, firms, storeFirms, byTaxCode, knownSectors, sources, knownSources, errors);
            if (link is not null && !links.TryAdd(link.Id, link))
            {
                errors.Add(Error(row, "supplier", $"the same supplier, buyer, sector and product as an earlier row ({link.Id})"));
            }
            if (++checkedLinks % 250_000 == 0)
            {
                progress?.Report($"checked {checkedLinks:N0} of {linkRows.Count:N0} links");
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        var report = new ImportReport { Errors = errors, Firms = firms.Count, Links = links.Count, Sources = sources.Count };
        return errors.Count > 0
            ? (report, null)
            : (report, new ChangeSet { UpsertNodes = [.. sources.Values, .. firms.Values], UpsertLinks = [.. links.Values] });
    }

    private Firm? ReadFirm(CsvRow row, DateOnly today, ProvinceDirectory provinces, Dictionary<string, Park> parkById, Dictionary<string, List<Park>> parksByName,
        HashSet<string> knownSectors, Dictionary<string, Source> sources, HashSet<string> knownSources, List<ImportError> errors)
    {
        var before = errors.Count;
        var id = Id(NodeKind.Firm, row, "id", errors);
        var name = Required(row, "name", errors);
        var country = row.Get("country")?.ToUpperInvariant();
        if (country is null || country.Length != 2 || !country.All(char.IsAsciiLetterUpper))
        {
            errors.Add(Error(row, "country", "not an ISO 3166 alpha-2 country code"));
        }
        var foreign = country is not null && country != "VN";
        string? taxCode = null;
        if (row.Get("tax_code") is { } tax)
        {
            if (foreign)
            {
                errors.Add(Error(row, "tax_code", "a firm abroad has no Vietnamese tax code"));
            }
            else if (!TaxCode.TryNormalize(tax, out var canonical, out var why))
            {
                errors.Add(Error(row, "tax_code", $"invalid tax code: {why}"));
            }
            else
            {
                taxCode = canonical;
            }
        }
        Ownership? ownership = null;
        if (row.Get("ownership") is { } own)
        {
            if (foreign)
            {
                errors.Add(Error(row, "ownership", "a firm abroad has no Vietnamese ownership type"));
            }
            else if (Enum<Ownership>(own) is { } o)
            {
                ownership = o;
            }
            else
            {
                errors.Add(Error(row, "ownership", "not one of DOMESTIC_PRIVATE, STATE, FDI, JOINT_VENTURE"));
            }
        }
        string? provinceId = null;
        if (row.Get("province") is { } province)
        {
            if (foreign)
            {
                errors.Add(Error(row, "province", "a firm abroad has no province"));
            }
            else if (provinces.Resolve(province, today) is { } p)
            {
                provinceId = p.Id;
            }
            else
            {
                errors.Add(Error(row, "province", "unknown province"));
            }
        }
        string? parkId = null;
        if (row.Get("park") is { } park)
        {
            if (foreign)
            {
                errors.Add(Error(row, "park", "a firm abroad has no park"));
            }
            else if (parkById.ContainsKey(park) || parkById.ContainsKey("park:" + park))
            {
                parkId = parkById.ContainsKey(park) ? park : "park:" + park;
            }
            else if (parksByName.TryGetValue(VietnameseText.Fold(park), out var named))
            {
                if (named.Count == 1)
                {
                    parkId = named[0].Id;
                }
                else
                {
                    errors.Add(Error(row, "park", $"{named.Count} parks have this name; give the park id"));
                }
            }
            else
            {
                errors.Add(Error(row, "park", "unknown park"));
            }
        }
        var sectorIds = new List<string>();
        foreach (var code in Split(row.Get("sectors")))
        {
            if (knownSectors.Contains(SectorId(code)))
            {
                sectorIds.Add(SectorId(code));
            }
            else
            {
                errors.Add(new ImportError(row.File, row.Line, "sectors", code, "unknown sector"));
            }
        }
        var roles = new List<FirmRole>();
        foreach (var role in Split(row.Get("roles")))
        {
            if (Enum<FirmRole>(role) is { } r)
            {
                roles.Add(r);
            }
            else
            {
                errors.Add(new ImportError(row.File, row.Line, "roles", role, "not one of LEAD_FIRM, SUPPORTING_INDUSTRY, PARK_DEVELOPER, LOGISTICS"));
            }
        }
        var lat = Number(row, "lat", errors, -90, 90);
        var lng = Number(row, "lng", errors, -180, 180);
        if ((row.Get("lat") is null) != (row.Get("lng") is null))
        {
            errors.Add(Error(row, row.Get("lat") is null ? "lat" : "lng", "give both lat and lng, or neither"));
        }
        else if (!foreign && lat is { } la && lng is { } ln && !VietnamBounds.Contains(la, ln))
        {
            errors.Add(Error(row, VietnamBounds.ContainsLatitude(la) ? "lng" : "lat", $"outside Vietnam ({VietnamBounds.Description}) for a firm in Vietnam"));
        }
        var source = Source(row, sources, knownSources, errors);
        if (errors.Count > before || id is null || name is null || source is null)
        {
            return null;
        }
        return new Firm
        {
            Id = id,
            Name = name,
            TaxCode = taxCode,
            Ownership = ownership,
            Country = country!,
            ProvinceId = provinceId,
            ParkId = parkId,
            SectorIds = sectorIds,
            Roles = roles,
            Lat = lat,
            Lng = lng,
            Sources = source,
        };
    }

    private static SupplyLink? ReadLink(CsvRow row, Dictionary<string, Firm> firms, HashSet<string> storeFirms, Dictionary<string, string> byTaxCode,
        HashSet<string> knownSectors, Dictionary<string, Source> sources, HashSet<string> knownSources, List<ImportError> errors)
    {
        var before = errors.Count;
        string? Firm(string column)
        {
            var value = row.Get(column);
            if (value is null)
            {
                errors.Add(Error(row, column, "required"));
                return null;
            }
            if (LooksLikeTaxCode(value))
            {
                if (!TaxCode.TryNormalize(value, out var canonical, out var why))
                {
                    errors.Add(Error(row, column, $"invalid tax code: {why}"));
                    return null;
                }
                if (byTaxCode.TryGetValue(canonical, out var byTax))
                {
                    return byTax;
                }
                errors.Add(Error(row, column, "no firm has this tax code"));
                return null;
            }
            var id = Prefixed(NodeKind.Firm, value);
            if (firms.ContainsKey(id) || storeFirms.Contains(id))
            {
                return id;
            }
            errors.Add(Error(row, column, "unknown firm"));
            return null;
        }
        var supplier = Firm("supplier");
        var buyer = Firm("buyer");
        if (supplier is not null && supplier == buyer)
        {
            errors.Add(Error(row, "buyer", "a firm cannot supply itself"));
        }
        string? sector = null;
        if (row.Get("sector") is not { } code)
        {
            errors.Add(Error(row, "sector", "required"));
        }
        else if (!knownSectors.Contains(SectorId(code)))
        {
            errors.Add(Error(row, "sector", "unknown sector"));
        }
        else
        {
            sector = SectorId(code);
        }
        var value = Number(row, "value_usd", errors, 0, Quantities.MaxUsd);
        var since = Date(row, "since", errors);
        var until = Date(row, "until", errors);
        if (since is { } s && until is { } u && u < s)
        {
            errors.Add(Error(row, "until", $"before since ({s:yyyy-MM-dd})"));
        }
        var confidence = Number(row, "confidence", errors, 0, 1);
        if (row.Get("product") is { } product && TextRules.IsBlank(product))
        {
            errors.Add(Error(row, "product", "holds only invisible characters; leave it empty for no product"));
        }
        var source = Source(row, sources, knownSources, errors);
        if (errors.Count > before || supplier is null || buyer is null || sector is null || source is null)
        {
            return null;
        }
        return new SupplyLink
        {
            SupplierId = supplier,
            BuyerId = buyer,
            SectorId = sector,
            Product = row.Get("product"),
            ValueUsd = value,
            Since = since,
            Until = until,
            Confidence = confidence ?? 1.0,
            Sources = source,
        };
    }

    private static List<CsvRow> Rows(TextReader reader, string name, string[] columns, List<ImportError> errors)
    {
        try
        {
            var rows = Csv.Read(reader, name).ToList();
            foreach (var row in rows)
            {
                foreach (var (column, value) in row.Cells())
                {
                    if (TextRules.Problem(value) is { } problem)
                    {
                        errors.Add(new ImportError(name, row.Line, column, TextRules.Printable(value.Length > 40 ? value[..40] + "..." : value), problem));
                    }
                }
            }
            if (rows.Count > 0)
            {
                foreach (var column in columns)
                {
                    try
                    {
                        rows[0].Get(column);
                    }
                    catch (CsvException)
                    {
                        errors.Add(new ImportError(name, 1, column, "", $"missing column (expected {string.Join(',', columns)})"));
                    }
                }
            }
            return rows;
        }
        catch (CsvException ex)
        {
            errors.Add(new ImportError(ex.File, ex.Line, "", "", ex.Message));
            return [];
        }
    }

    private async Task<HashSet<string>> ExistingAsync(IReadOnlyList<string> ids, NodeKind kind, CancellationToken cancellationToken)
    {
        var nodes = ids.Count == 0 ? [] : await store.GetNodesAsync(ids, cancellationToken).ConfigureAwait(false);
        return [.. nodes.Where(n => n is not null && n.Kind == kind).Select(n => n!.Id)];
    }

    /// <summary>The sources a row cites (';'-separated), each from the sources file or the graph.</summary>
    private static IReadOnlyList<string>? Source(CsvRow row, Dictionary<string, Source> sources, HashSet<string> knownSources, List<ImportError> errors)
    {
        if (row.Get("source") is not { } value)
        {
            errors.Add(Error(row, "source", "required: every fact cites a source"));
            return null;
        }
        var ids = new List<string>();
        foreach (var part in Split(value))
        {
            var id = Prefixed(NodeKind.Source, part);
            if (!sources.ContainsKey(id) && !knownSources.Contains(id))
            {
                errors.Add(new ImportError(row.File, row.Line, "source", part, "unknown source (not in the sources file or the graph)"));
                return null;
            }
            ids.Add(id);
        }
        return ids;
    }

    private static string? Id(NodeKind kind, CsvRow row, string column, List<ImportError> errors)
    {
        if (row.Get(column) is not { } value)
        {
            errors.Add(Error(row, column, "required"));
            return null;
        }
        var id = Prefixed(kind, value);
        if (NodeIds.KindOf(id) != kind)
        {
            errors.Add(Error(row, column, $"not a {kind.ToString().ToLowerInvariant()} id"));
            return null;
        }
        if (!NodeIds.IsValid(id, out var why))
        {
            errors.Add(Error(row, column, why));
            return null;
        }
        return id;
    }

    private static string? Required(CsvRow row, string column, List<ImportError> errors)
    {
        var value = row.Get(column);
        if (value is null)
        {
            errors.Add(Error(row, column, "required"));
        }
        else if (TextRules.IsBlank(value))
        {
            errors.Add(Error(row, column, "required: it holds only invisible characters"));
            return null;
        }
        return value;
    }

    private static double? Number(CsvRow row, string column, List<ImportError> errors, double min, double max)
    {
        if (row.Get(column) is not { } text)
        {
            return null;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            errors.Add(Error(row, column, "not a number"));
            return null;
        }
        if (value < min || value > max)
        {
            errors.Add(Error(row, column, max >= Quantities.MaxUsd
                ? value < min ? $"must be at least {min}" : $"must be at most {max.ToString("0", CultureInfo.InvariantCulture)} (USD 1 trillion)"
                : $"must be between {min} and {max}"));
            return null;
        }
        return value;
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

    private static ImportError Error(CsvRow row, string column, string reason) => new(row.File, row.Line, column, row.Get(column) ?? "", reason);

    private static IEnumerable<string> Split(string? list) =>
        list is null ? [] : list.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static TEnum? Enum<TEnum>(string text)
        where TEnum : struct, System.Enum =>
        System.Enum.TryParse<TEnum>(text.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var value) && System.Enum.IsDefined(value) ? value : null;

    private static string Prefixed(NodeKind kind, string value) =>
        value.StartsWith(NodeIds.Prefix(kind) + ":", StringComparison.Ordinal) ? value : NodeIds.Make(kind, value);

    private static string SectorId(string code) => SectorCode.ToId(code);

    /// <summary>Ten digits or thirteen with a branch suffix, separators allowed: a tax code rather than an id.</summary>
    private static bool LooksLikeTaxCode(string value)
    {
        var digits = value.Count(char.IsAsciiDigit);
        return (digits is 10 or 13) && value.All(c => char.IsAsciiDigit(c) || c is '-' or ' ' or '.');
    }
}
