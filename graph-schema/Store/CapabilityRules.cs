using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Graph.Store;

/// <summary>The rules of a firm's capabilities and of a sourcing request on their own (what they name is checked against the graph by the store).</summary>
public static class CapabilityRules
{
    /// <summary>The largest annual capacity or quantity the graph keeps (any unit).</summary>
    public const double MaxQuantity = 1e15;

    /// <summary>The farthest a request may ask for (Vietnam is about 1,650 km long).</summary>
    public const double MaxDistanceKm = 5000;

    public static IEnumerable<ChangeError> Check(Firm firm, FirmCapabilities c)
    {
        var id = firm.Id;
        foreach (var (field, ids) in new (string, IEnumerable<string>)[]
        {
            ("capabilities.products", c.Products.Select(p => p.ProductId)),
            ("capabilities.processes", c.Processes.Select(p => p.ProcessId)),
            ("capabilities.exportMarkets", c.ExportMarkets.Select(m => m.Country)),
        })
        {
            foreach (var twice in ids.GroupBy(x => x, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                yield return new ChangeError(id, field, $"{twice.Key} is listed twice");
            }
        }
        foreach (var twice in c.Certifications.GroupBy(x => (x.StandardId, x.Number)).Where(g => g.Count() > 1))
        {
            yield return new ChangeError(id, "capabilities.certifications", $"{twice.Key.StandardId} {twice.Key.Number} is listed twice");
        }
        foreach (var p in c.Products)
        {
            if (p.AnnualCapacity is { } capacity && QuantityProblem(capacity) is { } problem)
            {
                yield return new ChangeError(id, "capabilities.products", $"annual capacity of {p.ProductId} {problem}");
            }
            if (p.AnnualCapacity is not null && p.Unit is null)
            {
                yield return new ChangeError(id, "capabilities.products", $"annual capacity of {p.ProductId} needs a unit");
            }
        }
        foreach (var cert in c.Certifications)
        {
            if (cert.IssuedOn is { } issued && cert.ExpiresOn is { } expires && expires < issued)
            {
                yield return new ChangeError(id, "capabilities.certifications", $"{cert.StandardId}: expires before it is issued");
            }
        }
        foreach (var m in c.ExportMarkets)
        {
            if (m.Country.Length != 2 || !m.Country.All(char.IsAsciiLetterUpper))
            {
                yield return new ChangeError(id, "capabilities.exportMarkets", $"'{m.Country}' is not an ISO 3166 alpha-2 code");
            }
        }
        var cited = firm.Sources.ToHashSet(StringComparer.Ordinal);
        foreach (var source in c.AllSources().Distinct(StringComparer.Ordinal).Where(s => !cited.Contains(s)))
        {
            yield return new ChangeError(id, "capabilities", $"{source} is cited by a capability but not among the firm's sources");
        }
        foreach (var (field, sources) in new (string, IEnumerable<IReadOnlyList<string>>)[]
        {
            ("capabilities.products", c.Products.Select(p => p.Sources)),
            ("capabilities.processes", c.Processes.Select(p => p.Sources)),
            ("capabilities.certifications", c.Certifications.Select(p => p.Sources)),
            ("capabilities.exportMarkets", c.ExportMarkets.Select(p => p.Sources)),
        })
        {
            if (sources.Any(s => s.Count == 0))
            {
                yield return new ChangeError(id, field, Citations.Missing);
            }
        }
    }

    public static IEnumerable<ChangeError> Check(SourcingRequest r)
    {
        if (r.Items.Count == 0)
        {
            yield return new ChangeError(r.Id, "items", "a request needs at least one item");
        }
        if (r.NeededBy is { } needed && needed < r.PostedOn)
        {
            yield return new ChangeError(r.Id, "neededBy", "needed before it was posted");
        }
        if (!Enum.IsDefined(r.Status))
        {
            yield return new ChangeError(r.Id, "status", "not OPEN or CLOSED");
        }
        foreach (var twice in r.Items.GroupBy(i => i.Key, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return new ChangeError(r.Id, "items", $"item {twice.Key} is listed twice");
        }
        foreach (var item in r.Items)
        {
            if (!IsItemKey(item.Key))
            {
                yield return new ChangeError(r.Id, "items", $"item key '{item.Key}' must be 1-40 ASCII letters, digits, '-' or '_'");
            }
            if (item.ProductId is null && item.SectorId is null)
            {
                yield return new ChangeError(r.Id, "items", $"item {item.Key} needs a product (HS code) or a sector");
            }
            if (item.AnnualQuantity is { } q && QuantityProblem(q) is { } problem)
            {
                yield return new ChangeError(r.Id, "items.annualQuantity", $"item {item.Key}: annual quantity {problem}");
            }
            if (item.AnnualQuantity is not null && item.Unit is null)
            {
                yield return new ChangeError(r.Id, "items.unit", $"item {item.Key}: annual quantity needs a unit");
            }
            if (item.MaxDistanceKm is { } km && (!double.IsFinite(km) || km <= 0 || km > MaxDistanceKm))
            {
                yield return new ChangeError(r.Id, "items.maxDistanceKm", $"item {item.Key}: maximum distance must be in (0, {MaxDistanceKm:0}] km");
            }
            if (item.SectorId is { } sector && NodeIds.KindOf(sector) != NodeKind.Sector)
            {
                yield return new ChangeError(r.Id, "items.sector", $"item {item.Key}: '{sector}' is not a sector id");
            }
            foreach (var province in item.ProvinceIds.Where(p => NodeIds.KindOf(p) != NodeKind.Province))
            {
                yield return new ChangeError(r.Id, "items.provinces", $"item {item.Key}: '{province}' is not a province id");
            }
        }
    }

    /// <summary>Why a quantity may not be stored, or null.</summary>
    public static string? QuantityProblem(double value) =>
        !double.IsFinite(value) || value <= 0 ? "must be a finite number > 0"
        : value > MaxQuantity ? $"must be at most {MaxQuantity:0.#e0}"
        : null;

    public static bool IsItemKey(string key) =>
        key.Length is > 0 and <= 40 && key.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_');
}
