using System.Globalization;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Graph.Data.Input;

/// <summary>The rules of supply links and parks.</summary>
internal sealed partial class InputChecks
{
    public void Link(LinkInput input, int index)
    {
        var report = Reporter(InputKind.Link, index);
        var before = Problems.Count;
        var supplier = LinkedFirm(input.Supplier, "supplier", report);
        var buyer = LinkedFirm(input.Buyer, "buyer", report);
        if (supplier is not null && supplier == buyer)
        {
            report("buyer", "a firm cannot supply itself", null);
        }
        string? sector = null;
        if (Clean(input.Sector) is not { } code)
        {
            report("sector", "required", null);
        }
        else if (SectorIds([code], "sector", report) is [var id])
        {
            sector = id;
        }
        var value = Number(input.ValueUsd, "valueUsd", 0, Quantities.MaxUsd, report);
        if (input.Since is { } s && input.Until is { } u && u < s)
        {
            report("until", $"before since ({s:yyyy-MM-dd})", null);
        }
        var confidence = Number(input.Confidence, "confidence", 0, 1, report);
        var product = input.Product is { Length: > 0 } p && !string.IsNullOrWhiteSpace(p) ? p.Trim() : null;
        if (product is not null && TextRules.IsBlank(product))
        {
            report("product", "holds only invisible characters; leave it empty for no product", null);
        }
        var hs = HsProduct(input.HsCode, "hsCode", report);
        var sources = Cited(input.Sources, report);
        if (Problems.Count > before || supplier is null || buyer is null || sector is null || sources is null)
        {
            return;
        }
        var link = new SupplyLink
        {
            SupplierId = supplier,
            BuyerId = buyer,
            SectorId = sector,
            Product = product,
            HsProductId = hs,
            ValueUsd = value,
            Since = input.Since,
            Until = input.Until,
            Confidence = confidence ?? 1.0,
            Sources = sources,
        };
        if (!Links.TryAdd(link.Id, link))
        {
            report("supplier", $"the same supplier, buyer, sector and product as an earlier row ({link.Id})", null);
        }
    }

    /// <summary>A firm a link names, by id (among the inputs or in the graph) or by tax code.</summary>
    private string? LinkedFirm(string? given, string field, Action<string, string, string?> report)
    {
        if (Clean(given) is not { } value)
        {
            report(field, "required", null);
            return null;
        }
        if (LooksLikeTaxCode(value))
        {
            if (!TaxCode.TryNormalize(value, out var canonical, out var why))
            {
                report(field, $"invalid tax code: {why}", null);
                return null;
            }
            if (_byTaxCode.TryGetValue(canonical, out var byTax))
            {
                return byTax;
            }
            report(field, "no firm has this tax code", null);
            return null;
        }
        var id = NodeIds.Prefixed(NodeKind.Firm, value);
        if (Firms.ContainsKey(id) || _storeFirms.Contains(id))
        {
            return id;
        }
        report(field, "unknown firm", null);
        return null;
    }

    public void Park(ParkInput input, int index)
    {
        var report = Reporter(InputKind.Park, index);
        var before = Problems.Count;
        var id = Id(NodeKind.Park, input.Id, report);
        var name = Required(input.Name, "name", report);
        var province = Clean(input.Province) is { } given ? Province(given, report) : null;
        if (Clean(input.Province) is null)
        {
            report("province", "required", null);
        }
        var ward = WardOf(input.Ward, province, report);
        CheckAreas(input, report);
        CheckCoordinates(input.Lat, input.Lng, "", report);
        var sectorIds = SectorIds(input.PrioritySectors, "prioritySectors", report);
        var developer = Clean(input.Developer) is { } d ? NodeIds.Prefixed(NodeKind.Firm, d) : null;
        if (developer is not null && !KnownDevelopers.Contains(developer))
        {
            report("developer", "unknown firm", null);
        }
        var sources = Cited(input.Sources, report);
        if (Problems.Count > before || id is null || name is null || province is null || sources is null)
        {
            return;
        }
        Parks.Add(new Park
        {
            Id = id,
            Name = name,
            NameEn = Clean(input.NameEn),
            ParkKind = input.Kind,
            Status = input.Status,
            ProvinceId = province,
            Address = Clean(input.Address),
            WardId = ward?.Id,
            Placement = Place(province, ward, input.Lat, input.Lng),
            TotalAreaHa = input.TotalAreaHa,
            IndustrialAreaHa = input.IndustrialAreaHa,
            LeasedAreaHa = input.LeasedAreaHa,
            OccupancyPercent = input.OccupancyPercent,
            EstablishedYear = input.EstablishedYear,
            DeveloperName = Clean(input.DeveloperName),
            DeveloperFirmId = developer,
            Lat = input.Lat,
            Lng = input.Lng,
            PrioritySectors = [.. sectorIds.Distinct(StringComparer.Ordinal).Select(s => new PrioritySector(s, null, sources))],
            Sources = sources,
        });
    }

    private void CheckAreas(ParkInput input, Action<string, string, string?> report)
    {
        foreach (var (field, value) in new[] { ("totalAreaHa", input.TotalAreaHa), ("industrialAreaHa", input.IndustrialAreaHa), ("leasedAreaHa", input.LeasedAreaHa) })
        {
            if (value is { } v && Quantities.AreaProblem(v) is not null)
            {
                report(field, $"must be a finite number of hectares from 0 to {Quantities.MaxAreaHa:0}", null);
            }
        }
        if (input.IndustrialAreaHa is { } industrial && input.TotalAreaHa is { } total && industrial > total)
        {
            report("industrialAreaHa", $"larger than totalAreaHa ({total.ToString(CultureInfo.InvariantCulture)})", null);
        }
        if (input.LeasedAreaHa is { } leased && input.IndustrialAreaHa is { } leasable && leased > leasable)
        {
            report("leasedAreaHa", $"larger than industrialAreaHa ({leasable.ToString(CultureInfo.InvariantCulture)})", null);
        }
        if (input.OccupancyPercent is { } occupancy && (!double.IsFinite(occupancy) || occupancy < 0 || occupancy > 100))
        {
            report("occupancyPercent", "must be between 0 and 100", null);
        }
        if (input.EstablishedYear is { } year && (year < 1900 || year > today.Year + 10))
        {
            report("establishedYear", $"must be between 1900 and {today.Year + 10}", null);
        }
    }
}
