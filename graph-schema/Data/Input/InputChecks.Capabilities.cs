using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Graph.Data.Input;

/// <summary>The rules of capability facts and sourcing requests.</summary>
internal sealed partial class InputChecks
{
    /// <summary>Products, processes and standards the inputs name that the graph holds (ids).</summary>
    public HashSet<string> KnownCatalogue { get; init; } = [];

    /// <summary>The checked facts by firm id, in input order.</summary>
    public Dictionary<string, List<(CapabilityKind Kind, object Fact, IReadOnlyList<string> Sources)>> Capabilities { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, SourcingRequest> Requests { get; } = new(StringComparer.Ordinal);

    /// <summary>The id an HS code names ("8708.29" is product:870829), or null when it is not 2, 4 or 6 digits.</summary>
    public static string? ProductIdOf(string code)
    {
        var digits = code.Trim().Replace(".", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        return digits.Length is 2 or 4 or 6 && digits.All(char.IsAsciiDigit) ? NodeIds.Make(NodeKind.Product, digits) : null;
    }

    /// <summary>The id a catalogue code names for a kind of reference ("IATF 16949" is standard:iatf-16949).</summary>
    public static string? CatalogueId(NodeKind kind, string code) => kind switch
    {
        NodeKind.Product => ProductIdOf(code),
        NodeKind.Process => NodeIds.Prefixed(NodeKind.Process, code.Trim().ToLowerInvariant()),
        NodeKind.CertificationStandard => code.StartsWith("standard:", StringComparison.Ordinal) ? code.Trim() : Data.ReferenceData.StandardId(code),
        _ => null,
    };

    /// <summary>The product id of an HS code the graph holds; null (reported) when it is not one, null (quietly) when none is given.</summary>
    private string? HsProduct(string? code, string field, Action<string, string, string?> report)
    {
        if (Clean(code) is not { } given)
        {
            return null;
        }
        if (ProductIdOf(given) is not { } id)
        {
            report(field, "not an HS code: write 2, 4 or 6 digits (\"87\", \"8708\", \"8708.29\")", given);
            return null;
        }
        if (!KnownCatalogue.Contains(id))
        {
            report(field, "unknown HS 2022 code", given);
            return null;
        }
        return id;
    }

    public void Capability(CapabilityInput input, int index)
    {
        var report = Reporter(InputKind.Capability, index);
        var before = Problems.Count;
        var firm = LinkedFirm(input.Firm, "firm", report);
        var code = Clean(input.Code);
        string? id = null;
        if (code is null)
        {
            report("code", "required", null);
        }
        else if (input.Kind == CapabilityKind.ExportMarket)
        {
            id = code.ToUpperInvariant();
            if (id.Length != 2 || !id.All(char.IsAsciiLetterUpper))
            {
                report("code", "not an ISO 3166 alpha-2 country code", null);
            }
        }
        else
        {
            var kind = input.Kind switch { CapabilityKind.Product => NodeKind.Product, CapabilityKind.Process => NodeKind.Process, _ => NodeKind.CertificationStandard };
            id = CatalogueId(kind, code);
            if (id is null)
            {
                report("code", "not an HS code: write 2, 4 or 6 digits (\"87\", \"8708\", \"8708.29\")", null);
            }
            else if (!KnownCatalogue.Contains(id))
            {
                report("code", kind switch
                {
                    NodeKind.Product => "unknown HS 2022 code",
                    NodeKind.Process => "unknown process (see the processes catalogue)",
                    _ => "unknown certification standard (write its code as the catalogue does, e.g. IATF 16949)",
                }, null);
            }
        }
        if (input.Capacity is not null && input.Kind != CapabilityKind.Product)
        {
            report("capacity", "only a product has a capacity", null);
        }
        var capacity = Number(input.Capacity, "capacity", double.Epsilon, Store.CapabilityRules.MaxQuantity, report);
        var unit = Clean(input.Unit);
        if (unit is not null && input.Kind != CapabilityKind.Product)
        {
            report("unit", "only a product's capacity has a unit", null);
        }
        else if (capacity is not null && unit is null)
        {
            report("unit", "required with a capacity", null);
        }
        if ((input.ValidFrom is not null || input.ValidTo is not null) && input.Kind != CapabilityKind.Certification)
        {
            report(input.ValidFrom is not null ? "validFrom" : "validTo", "only a certificate has dates", null);
        }
        if (input.ValidFrom is { } from && input.ValidTo is { } to && to < from)
        {
            report("validTo", $"expires before it is issued ({from:yyyy-MM-dd})", null);
        }
        if (input.ValidFrom is { } issued && issued > today)
        {
            report("validFrom", "issued in the future", null);
        }
        if (Clean(input.Issuer) is not null && input.Kind != CapabilityKind.Certification)
        {
            report("issuer", "only a certificate has an issuer", null);
        }
        if (Clean(input.Detail) is not null && input.Kind == CapabilityKind.ExportMarket)
        {
            report("detail", "an export market has no detail", null);
        }
        var sources = Cited(input.Sources, report);
        if (Problems.Count > before || firm is null || id is null || sources is null)
        {
            return;
        }
        object fact = input.Kind switch
        {
            CapabilityKind.Product => new FirmProduct(id, Clean(input.Detail), capacity, unit, input.Verified, sources),
            CapabilityKind.Process => new FirmProcess(id, Clean(input.Detail), input.Verified, sources),
            CapabilityKind.Certification => new FirmCertification(id, Clean(input.Detail), Clean(input.Issuer), input.ValidFrom, input.ValidTo, input.Verified, sources),
            _ => new ExportMarket(id, input.Verified, sources),
        };
        if (!Capabilities.TryGetValue(firm, out var facts))
        {
            Capabilities[firm] = facts = [];
        }
        var key = FactKey(fact);
        if (facts.Any(f => FactKey(f.Fact) == key))
        {
            report("code", "the same firm, kind and code as an earlier row", null);
            return;
        }
        facts.Add((input.Kind, fact, sources));
    }

    private static string FactKey(object fact) => fact switch
    {
        FirmProduct p => "p " + p.ProductId,
        FirmProcess p => "r " + p.ProcessId,
        FirmCertification c => $"c {c.StandardId} {c.Number}",
        ExportMarket m => "m " + m.Country,
        _ => "",
    };

    /// <summary>A firm's profile from the facts given for it.</summary>
    public static FirmCapabilities Profile(IEnumerable<(CapabilityKind Kind, object Fact, IReadOnlyList<string> Sources)> facts)
    {
        var list = facts.Select(f => f.Fact).ToList();
        return new FirmCapabilities
        {
            Products = [.. list.OfType<FirmProduct>()],
            Processes = [.. list.OfType<FirmProcess>()],
            Certifications = [.. list.OfType<FirmCertification>()],
            ExportMarkets = [.. list.OfType<ExportMarket>()],
        };
    }

    public void Sourcing(SourcingRequestInput input, int index)
    {
        var report = Reporter(InputKind.Sourcing, index);
        var before = Problems.Count;
        var id = Id(NodeKind.SourcingRequest, input.Id, report);
        var title = Required(input.Title, "title", report);
        var buyer = LinkedFirm(input.Buyer, "buyer", report);
        var posted = input.PostedOn ?? today;
        if (posted > today)
        {
            report("postedOn", "in the future", null);
        }
        if (input.NeededBy is { } needed && needed < posted)
        {
            report("neededBy", $"before it was posted ({posted:yyyy-MM-dd})", null);
        }
        if (input.Items.Count == 0)
        {
            report("items", "a request needs at least one item", null);
        }
        var items = new List<SourcingItem>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var j = 0; j < input.Items.Count; j++)
        {
            var item = input.Items[j];
            var part = j;
            void itemReport(string field, string message, string? value) => Problems.Add(new InputProblem(InputKind.Sourcing, index, field, message, value) { Part = part });
            if (Item(item, itemReport) is { } checkedItem)
            {
                if (!keys.Add(checkedItem.Key))
                {
                    itemReport("items.key", "the same item key twice in one request", item.Key);
                }
                items.Add(checkedItem);
            }
        }
        var sources = Cited(input.Sources, report);
        if (Problems.Count > before || id is null || title is null || buyer is null || sources is null)
        {
            return;
        }
        var request = new SourcingRequest
        {
            Id = id,
            Name = title,
            BuyerId = buyer,
            PostedOn = posted,
            NeededBy = input.NeededBy,
            Status = input.Status ?? SourcingStatus.Open,
            Restricted = input.Restricted,
            Items = items,
            Sources = sources,
        };
        if (!Requests.TryAdd(id, request))
        {
            report("id", "duplicate request id", null);
        }
    }

    private SourcingItem? Item(SourcingItemInput input, Action<string, string, string?> report)
    {
        var before = Problems.Count;
        var key = Clean(input.Key);
        if (key is null || !Store.CapabilityRules.IsItemKey(key))
        {
            report("items.key", "an item key is 1-40 ASCII letters, digits, '-' or '_'", input.Key);
        }
        string? product = null, sector = null;
        if (Clean(input.HsCode) is { } hs)
        {
            product = ProductIdOf(hs);
            if (product is null)
            {
                report("items.hsCode", "not an HS code: write 2, 4 or 6 digits (\"87\", \"8708\", \"8708.29\")", hs);
            }
            else if (!KnownCatalogue.Contains(product))
            {
                report("items.hsCode", "unknown HS 2022 code", hs);
            }
        }
        if (Clean(input.Sector) is { } code && SectorIds([code], "items.sector", report) is [var sectorId])
        {
            sector = sectorId;
        }
        if (Clean(input.HsCode) is null && Clean(input.Sector) is null)
        {
            report("items.hsCode", $"item {key}: give a product (HS code), a sector or both", null);
        }
        var quantity = Number(input.AnnualQuantity, "items.annualQuantity", double.Epsilon, Store.CapabilityRules.MaxQuantity, report);
        var unit = Clean(input.Unit);
        if (quantity is not null && unit is null)
        {
            report("items.unit", "required with an annual quantity", null);
        }
        var distance = Number(input.MaxDistanceKm, "items.maxDistanceKm", 0.1, Store.CapabilityRules.MaxDistanceKm, report);
        var standards = References(input.RequiredCertifications, NodeKind.CertificationStandard, "items.requiredCertifications", "unknown certification standard", report);
        var processes = References(input.RequiredProcesses, NodeKind.Process, "items.requiredProcesses", "unknown process", report);
        var provinceIds = new List<string>();
        foreach (var name in input.Provinces.Select(Clean).OfType<string>())
        {
            if (provinces.Resolve(name, today) is { } p)
            {
                provinceIds.Add(p.Id);
            }
            else
            {
                report("items.provinces", "unknown province", name);
            }
        }
        return Problems.Count > before || key is null ? null : new SourcingItem
        {
            Key = key,
            ProductId = product,
            SectorId = sector,
            Description = Clean(input.Description),
            AnnualQuantity = quantity,
            Unit = unit,
            RequiredStandardIds = standards,
            RequiredProcessIds = processes,
            MaxDistanceKm = distance,
            ProvinceIds = [.. provinceIds.Distinct(StringComparer.Ordinal)],
        };
    }

    private List<string> References(IEnumerable<string> codes, NodeKind kind, string field, string unknown, Action<string, string, string?> report)
    {
        var ids = new List<string>();
        foreach (var code in codes.Select(Clean).OfType<string>())
        {
            if (CatalogueId(kind, code) is { } id && KnownCatalogue.Contains(id))
            {
                if (!ids.Contains(id))
                {
                    ids.Add(id);
                }
            }
            else
            {
                report(field, unknown, code);
            }
        }
        return ids;
    }
}
