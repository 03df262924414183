using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Graph.Store;

/// <summary>Checks of one node or link on its own, before the graph around it is looked at. Shared by every store.</summary>
public static class NodeRules
{
    public static IEnumerable<ChangeError> Check(Node node)
    {
        if (!NodeIds.IsValid(node.Id, out var idError))
        {
            yield return new ChangeError(node.Id, "id", idError);
            yield break;
        }
        if (NodeIds.KindOf(node.Id) != node.Kind)
        {
            yield return new ChangeError(node.Id, "id", $"a {node.Kind} id must start with '{NodeIds.Prefix(node.Kind)}:'");
        }
        if (string.IsNullOrWhiteSpace(node.Name))
        {
            yield return new ChangeError(node.Id, "name", "name is empty");
        }
        else if (TextRules.NameProblem(node.Name) is { } nameProblem)
        {
            yield return new ChangeError(node.Id, "name", "name " + nameProblem);
        }
        foreach (var (field, value, multiline) in Texts(node))
        {
            if (TextRules.Problem(value, multiline) is { } problem)
            {
                yield return new ChangeError(node.Id, field, $"{field} {problem}");
            }
        }
        if (node is not Source && node.Sources.Count == 0)
        {
            yield return new ChangeError(node.Id, "sources", Citations.Missing);
        }
        var specific = node switch
        {
            Firm f => CheckFirm(f),
            Park p => CheckPark(p),
            Province pr when pr.ValidFrom is { } from && pr.ValidTo is { } to && from >= to => [new ChangeError(node.Id, "validTo", "validTo must be after validFrom")],
            Ward w when w.ValidFrom is { } from && w.ValidTo is { } to && from >= to => [new ChangeError(node.Id, "validTo", "validTo must be after validFrom")],
            Sector s => CheckSector(s),
            Product pd => CheckProduct(pd),
            SourcingRequest r => CheckSourcingRequest(r),
            _ => [],
        };
        foreach (var e in specific)
        {
            yield return e;
        }
    }

    /// <summary>
    /// A firm's identifiers: each canonical by its scheme's rule, none twice, one LEI and one registration number at most
    /// (the latter the enterprise's tax code when both are known), and none of a Vietnamese register for a firm abroad.
    /// </summary>
    public static IEnumerable<ChangeError> CheckIdentifiers(Firm f)
    {
        if (f.Identifiers is not { } identifiers)
        {
            yield break;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var schemes = new HashSet<IdentifierScheme>();
        foreach (var identifier in identifiers)
        {
            if (!Enum.IsDefined(identifier.Scheme))
            {
                yield return new ChangeError(f.Id, "identifiers", $"unknown identifier scheme {(int)identifier.Scheme}");
                continue;
            }
            var token = Identifiers.Token(identifier.Scheme);
            if (!Identifiers.TryNormalize(identifier.Scheme, identifier.Value, out var canonical, out var error))
            {
                yield return new ChangeError(f.Id, "identifiers", $"{token} {error}");
                continue;
            }
            if (canonical != identifier.Value)
            {
                yield return new ChangeError(f.Id, "identifiers", $"{token} must be written canonically as '{canonical}'");
            }
            if (!seen.Add(identifier.Key))
            {
                yield return new ChangeError(f.Id, "identifiers", $"{identifier.Key} is given twice");
            }
            else if (!schemes.Add(identifier.Scheme) && Identifiers.OnePerFirm(identifier.Scheme))
            {
                yield return new ChangeError(f.Id, "identifiers", $"a firm has one {token} at most");
            }
            if (Identifiers.Vietnamese(identifier.Scheme) && f.Country != "VN")
            {
                yield return new ChangeError(f.Id, "identifiers", $"a firm abroad has no Vietnamese {token}");
            }
            if (identifier.Scheme == IdentifierScheme.EnterpriseRegistration && f.TaxCode is { } tax && !tax.StartsWith(canonical, StringComparison.Ordinal))
            {
                yield return new ChangeError(f.Id, "identifiers", $"the registration number {canonical} is not the enterprise's tax code ({tax})");
            }
        }
    }

    private static IEnumerable<ChangeError> CheckFirm(Firm f)
    {
        if (f.TaxCode is not null && (!TaxCode.TryNormalize(f.TaxCode, out var canonical, out var taxError) || canonical != f.TaxCode))
        {
            yield return new ChangeError(f.Id, "taxCode", taxError.Length > 0 ? taxError : $"tax code must be written canonically as '{canonical}'");
        }
        if (!IsCountryCode(f.Country))
        {
            yield return new ChangeError(f.Id, "country", $"'{f.Country}' is not an ISO 3166 alpha-2 code");
        }
        foreach (var e in CheckIdentifiers(f))
        {
            yield return e;
        }
        if (f.OriginCountry is not null && !IsCountryCode(f.OriginCountry))
        {
            yield return new ChangeError(f.Id, "originCountry", $"'{f.OriginCountry}' is not an ISO 3166 alpha-2 code");
        }
        foreach (var e in CheckCoordinates(f.Id, f.Lat, f.Lng).Concat(CheckPlacement(f.Id, f.Placement)))
        {
            yield return e;
        }
        if (f.RevenueUsd is { } r && Quantities.UsdProblem(r) is { } revenueProblem)
        {
            yield return new ChangeError(f.Id, "revenueUsd", "revenue " + revenueProblem);
        }
        if (f.Employees is < 0 or > 10_000_000)
        {
            yield return new ChangeError(f.Id, "employees", "employees must be in [0, 10,000,000]");
        }
        if (f.FoundedYear is < 1800 or > 2100)
        {
            yield return new ChangeError(f.Id, "foundedYear", "founded year must be in [1800, 2100]");
        }
        if (f.Capabilities is { } c)
        {
            foreach (var e in CapabilityRules.Check(f, c))
            {
                yield return e;
            }
        }
    }

    private static IEnumerable<ChangeError> CheckPark(Park p)
    {
        foreach (var (field, value) in new[] { ("totalAreaHa", p.TotalAreaHa), ("industrialAreaHa", p.IndustrialAreaHa), ("leasedAreaHa", p.LeasedAreaHa) })
        {
            if (value is { } v && Quantities.AreaProblem(v) is { } areaProblem)
            {
                yield return new ChangeError(p.Id, field, "area " + areaProblem);
            }
        }
        if (p.OccupancyPercent is { } o && (o < 0 || o > 100))
        {
            yield return new ChangeError(p.Id, "occupancyPercent", "occupancy must be in [0, 100]");
        }
        foreach (var e in CheckCoordinates(p.Id, p.Lat, p.Lng).Concat(CheckPlacement(p.Id, p.Placement)))
        {
            yield return e;
        }
    }

    /// <summary>A placement names provinces and is unplaced exactly when it has no former province.</summary>
    private static IEnumerable<ChangeError> CheckPlacement(string id, Placement? placement)
    {
        if (placement is null)
        {
            yield break;
        }
        if ((placement.Method == PlacementMethod.Unplaced) != (placement.FormerProvinceId is null))
        {
            yield return new ChangeError(id, "placement", "a placement has a former province unless it is unplaced");
        }
        foreach (var p in new[] { placement.ProvinceId, placement.FormerProvinceId })
        {
            if (p is not null && NodeIds.KindOf(p) != NodeKind.Province)
            {
                yield return new ChangeError(id, "placement", $"'{p}' is not a province id");
            }
        }
    }

    private static IEnumerable<ChangeError> CheckSourcingRequest(SourcingRequest r) => CapabilityRules.Check(r);

    private static IEnumerable<ChangeError> CheckSector(Sector s) =>
        s.Feeds.Where(f => !double.IsFinite(f.Coefficient) || f.Coefficient < 0 || f.Coefficient > 1)
            .Select(f => new ChangeError(s.Id, "feeds", $"coefficient for {f.TargetId} must be in [0, 1]"));

    private static IEnumerable<ChangeError> CheckProduct(Product p)
    {
        var digits = p.Level switch { ProductLevel.Chapter => 2, ProductLevel.Heading => 4, _ => 6 };
        if (p.Code.Length != digits || !p.Code.All(char.IsAsciiDigit))
        {
            yield return new ChangeError(p.Id, "code", $"an HS {p.Level.ToString().ToLowerInvariant()} code has {digits} digits, got '{p.Code}'");
        }
        if ((p.Level == ProductLevel.Chapter) != (p.ParentId is null))
        {
            yield return new ChangeError(p.Id, "parent", p.ParentId is null ? "a heading or subheading needs its parent" : "a chapter has no parent");
        }
        foreach (var s in p.Sectors.Where(s => !double.IsFinite(s.Weight) || s.Weight <= 0 || s.Weight > 1))
        {
            yield return new ChangeError(p.Id, "sectors", $"weight for {s.SectorId} must be in (0, 1]");
        }
    }

    /// <summary>Every text a node holds besides its id and name, with whether it may span lines.</summary>
    private static IEnumerable<(string Field, string? Value, bool Multiline)> Texts(Node node)
    {
        switch (node)
        {
            case Firm f:
                yield return ("note", f.Note, true);
                yield return ("address", f.Address, false);
                foreach (var product in f.Capabilities?.Products ?? [])
                {
                    yield return ("capabilities.products", product.Description, true);
                    yield return ("capabilities.products", product.Unit, false);
                }
                foreach (var process in f.Capabilities?.Processes ?? [])
                {
                    yield return ("capabilities.processes", process.Detail, true);
                }
                foreach (var cert in f.Capabilities?.Certifications ?? [])
                {
                    yield return ("capabilities.certifications", cert.Number, false);
                    yield return ("capabilities.certifications", cert.Issuer, false);
                }
                break;
            case SourcingRequest sr:
                foreach (var item in sr.Items)
                {
                    yield return ("items.description", item.Description, true);
                    yield return ("items.unit", item.Unit, false);
                }
                break;
            case Park p:
                yield return ("nameEn", p.NameEn, false);
                yield return ("address", p.Address, false);
                yield return ("developerName", p.DeveloperName, false);
                yield return ("dataDate", p.DataDate, false);
                yield return ("note", p.Note, true);
                foreach (var priority in p.PrioritySectors)
                {
                    yield return ("prioritySectors", priority.Phrase, false);
                }
                foreach (var citation in p.Citations)
                {
                    yield return ("citations", citation.Note, true);
                }
                break;
            case Province pr:
                yield return ("fullName", pr.FullName, false);
                yield return ("nameEn", pr.NameEn, false);
                yield return ("unitType", pr.UnitType, false);
                break;
            case Ward w:
                yield return ("fullName", w.FullName, false);
                yield return ("nameEn", w.NameEn, false);
                yield return ("unitType", w.UnitType, false);
                yield return ("district", w.District, false);
                break;
            case Region r:
                yield return ("nameEn", r.NameEn, false);
                break;
            case Corridor c:
                yield return ("nameEn", c.NameEn, false);
                yield return ("description", c.Description, true);
                break;
            case Sector sc:
                yield return ("nameEn", sc.NameEn, false);
                break;
            case Alliance a:
                yield return ("nameEn", a.NameEn, false);
                yield return ("acronym", a.Acronym, false);
                yield return ("scope", a.Scope, true);
                yield return ("description", a.Description, true);
                break;
            case Product pd:
                yield return ("nameEn", pd.NameEn, true);
                foreach (var listing in pd.Listings)
                {
                    yield return ("listings", listing.Item, false);
                    yield return ("listings", listing.ItemEn, false);
                }
                break;
            case Process pr:
                yield return ("nameEn", pr.NameEn, false);
                yield return ("group", pr.Group, false);
                break;
            case CertificationStandard cs:
                yield return ("nameEn", cs.NameEn, false);
                yield return ("owner", cs.Owner, false);
                yield return ("relevance", cs.Relevance, true);
                yield return ("url", cs.Url, false);
                yield return ("note", cs.Note, true);
                break;
            case Source src:
                yield return ("publisher", src.Publisher, false);
                yield return ("url", src.Url, false);
                yield return ("licence", src.Licence, true);
                yield return ("note", src.Note, true);
                break;
        }
    }

    public static IEnumerable<ChangeError> Check(SupplyLink link)
    {
        var item = $"link {link.SupplierId} -> {link.BuyerId}";
        if (link.Product is { } product && (TextRules.IsBlank(product) ? "is empty (once invisible characters are removed); leave it out for no product" : TextRules.Problem(product)) is { } productProblem)
        {
            yield return new ChangeError(item, "product", "product " + productProblem);
        }
        if (NodeIds.KindOf(link.SupplierId) != NodeKind.Firm)
        {
            yield return new ChangeError(item, "supplier", $"'{link.SupplierId}' is not a firm id");
        }
        if (NodeIds.KindOf(link.BuyerId) != NodeKind.Firm)
        {
            yield return new ChangeError(item, "buyer", $"'{link.BuyerId}' is not a firm id");
        }
        if (NodeIds.KindOf(link.SectorId) != NodeKind.Sector)
        {
            yield return new ChangeError(item, "sector", $"'{link.SectorId}' is not a sector id");
        }
        if (link.SupplierId == link.BuyerId)
        {
            yield return new ChangeError(item, "buyer", "a firm cannot supply itself");
        }
        if (link.ValueUsd is { } v && Quantities.UsdProblem(v) is { } valueProblem)
        {
            yield return new ChangeError(item, "valueUsd", "value " + valueProblem);
        }
        if (!double.IsFinite(link.Confidence) || link.Confidence < 0 || link.Confidence > 1)
        {
            yield return new ChangeError(item, "confidence", "confidence must be in [0, 1]");
        }
        if (link.Since is { } since && link.Until is { } until && since > until)
        {
            yield return new ChangeError(item, "until", $"until ({until:yyyy-MM-dd}) is before since ({since:yyyy-MM-dd})");
        }
        if (link.Sources.Count == 0)
        {
            yield return new ChangeError(item, "sources", Citations.Missing);
        }
    }

    /// <summary>True when <see cref="Check(SupplyLink)"/> would find nothing; allocation-free, for bulk loads.</summary>
    public static bool IsPlainValid(SupplyLink link) =>
        link.Sources.Count > 0 &&
        link.SupplierId != link.BuyerId &&
        (link.Product is null || (!TextRules.IsBlank(link.Product) && TextRules.Problem(link.Product) is null)) &&
        NodeIds.KindOf(link.SupplierId) == NodeKind.Firm &&
        NodeIds.KindOf(link.BuyerId) == NodeKind.Firm &&
        NodeIds.KindOf(link.SectorId) == NodeKind.Sector &&
        (link.ValueUsd is not { } v || (double.IsFinite(v) && v >= 0 && v <= Quantities.MaxUsd)) &&
        double.IsFinite(link.Confidence) && link.Confidence is >= 0 and <= 1 &&
        !(link.Since is { } since && link.Until is { } until && since > until);

    public static bool IsCountryCode(string? code) =>
        code is { Length: 2 } && char.IsAsciiLetterUpper(code[0]) && char.IsAsciiLetterUpper(code[1]);

    private static IEnumerable<ChangeError> CheckCoordinates(string id, double? lat, double? lng)
    {
        if (lat is null != lng is null)
        {
            yield return new ChangeError(id, "lat", "lat and lng must be given together");
        }
        if (lat is { } la && (!double.IsFinite(la) || la < -90 || la > 90))
        {
            yield return new ChangeError(id, "lat", "latitude must be in [-90, 90]");
        }
        if (lng is { } ln && (!double.IsFinite(ln) || ln < -180 || ln > 180))
        {
            yield return new ChangeError(id, "lng", "longitude must be in [-180, 180]");
        }
    }

    /// <summary>The kind each reference of a node must point to.</summary>
    public static NodeKind TargetKind(RelType type) => type switch
    {
        RelType.InProvince or RelType.MergedInto or RelType.Includes => NodeKind.Province,
        RelType.LocatedIn => NodeKind.Park,
        RelType.InSector or RelType.Prioritizes or RelType.Parent or RelType.Feeds => NodeKind.Sector,
        RelType.MemberOf => NodeKind.Alliance,
        RelType.DevelopedBy or RelType.Supplies => NodeKind.Firm,
        RelType.InRegion => NodeKind.Region,
        RelType.CitedBy => NodeKind.Source,
        RelType.PartOf => NodeKind.Product,
        RelType.CorrespondsTo => NodeKind.Sector,
        RelType.Makes or RelType.Requests => NodeKind.Product,
        RelType.Runs or RelType.RequiresProcess => NodeKind.Process,
        RelType.Holds or RelType.RequiresCertificate => NodeKind.CertificationStandard,
        RelType.PostedBy => NodeKind.Firm,
        RelType.InWard or RelType.WentInto => NodeKind.Ward,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The field of a node a reference of this type comes from, as change errors name it.</summary>
    public static string FieldOf(RelType type) => type switch
    {
        RelType.InProvince => "province",
        RelType.LocatedIn => "park",
        RelType.InSector => "sectors",
        RelType.MemberOf => "alliances",
        RelType.DevelopedBy => "developer",
        RelType.Prioritizes => "prioritySectors",
        RelType.Parent => "parent",
        RelType.Feeds => "feeds",
        RelType.MergedInto => "successor",
        RelType.InRegion => "region",
        RelType.Includes => "provinces",
        RelType.PartOf => "parent",
        RelType.CorrespondsTo => "sectors",
        RelType.Makes => "capabilities.products",
        RelType.Runs => "capabilities.processes",
        RelType.Holds => "capabilities.certifications",
        RelType.PostedBy => "buyer",
        RelType.InWard => "ward",
        RelType.WentInto => "successors",
        RelType.Requests => "items.product",
        RelType.RequiresCertificate => "items.requiredCertifications",
        RelType.RequiresProcess => "items.requiredProcesses",
        _ => type.ToString(),
    };

    /// <summary>The error for a reference of this type to a node that is not there (or not of the kind it must be).</summary>
    public static ChangeError UnknownTarget(Node node, RelType type, string target) =>
        new(node.Id, FieldOf(type), $"unknown {TargetKind(type).ToString().ToLowerInvariant()} '{target}'");
}
