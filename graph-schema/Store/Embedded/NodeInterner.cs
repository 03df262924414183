using Ecosystem.Graph.Model;
using Ecosystem.Graph.Analysis;

namespace Ecosystem.Graph.Store.Embedded;

/// <summary>
/// Shares equal strings and id lists between nodes read from disk: a million firms name a few dozen provinces,
/// a few hundred parks and sectors and often one source, and each would otherwise hold its own copies.
/// </summary>
internal sealed class NodeInterner
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _lists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<FirmRole>> _roles = new(StringComparer.Ordinal);
    private readonly Dictionary<Placement, Placement> _placements = [];

    public Node Intern(Node node) => node switch
    {
        Firm f => f with
        {
            Country = S(f.Country),
            OriginCountry = f.OriginCountry is null ? null : S(f.OriginCountry),
            ProvinceId = f.ProvinceId is null ? null : S(f.ProvinceId),
            ParkId = f.ParkId is null ? null : S(f.ParkId),
            WardId = f.WardId is null ? null : S(f.WardId),
            Placement = Placement(f.Placement),
            SectorIds = L(f.SectorIds),
            AllianceIds = L(f.AllianceIds),
            Roles = R(f.Roles),
            Sources = L(f.Sources),
            Capabilities = f.Capabilities is { } c ? Profile(c) : null,
        },
        _ => node with { Sources = L(node.Sources) },
    };

    /// <summary>A profile with its ids, units, issuers and source lists shared (a million profiles name a few thousand products).</summary>
    public FirmCapabilities Profile(FirmCapabilities c) => new()
    {
        Products = c.Products.Count == 0 ? [] : [.. c.Products.Select(p => new FirmProduct(S(p.ProductId), p.Description, p.AnnualCapacity, p.Unit is null ? null : S(p.Unit), p.Verified, L(p.Sources)))],
        Processes = c.Processes.Count == 0 ? [] : [.. c.Processes.Select(p => new FirmProcess(S(p.ProcessId), p.Detail, p.Verified, L(p.Sources)))],
        Certifications = c.Certifications.Count == 0 ? [] : [.. c.Certifications.Select(x =>
            new FirmCertification(S(x.StandardId), x.Number, x.Issuer is null ? null : S(x.Issuer), x.IssuedOn, x.ExpiresOn, x.Verified, L(x.Sources)))],
        ExportMarkets = c.ExportMarkets.Count == 0 ? [] : [.. c.ExportMarkets.Select(m => new ExportMarket(S(m.Country), m.Verified, L(m.Sources)))],
    };

    /// <summary>One shared instance per distinct placement (a million firms have a few hundred).</summary>
    public Placement? Placement(Placement? placement)
    {
        if (placement is null)
        {
            return null;
        }
        if (_placements.TryGetValue(placement, out var shared))
        {
            return shared;
        }
        var own = new Placement(placement.ProvinceId is null ? null : S(placement.ProvinceId), placement.FormerProvinceId is null ? null : S(placement.FormerProvinceId), placement.Method);
        _placements[own] = own;
        return own;
    }

    private string S(string value)
    {
        if (_strings.TryGetValue(value, out var shared))
        {
            return shared;
        }
        _strings[value] = value;
        return value;
    }

    private IReadOnlyList<string> L(IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return [];
        }
        var key = string.Join('\u001f', values);
        if (_lists.TryGetValue(key, out var shared))
        {
            return shared;
        }
        var list = values.Select(S).ToArray();
        _lists[key] = list;
        return list;
    }

    private IReadOnlyList<FirmRole> R(IReadOnlyList<FirmRole> roles)
    {
        if (roles.Count == 0)
        {
            return [];
        }
        var key = string.Join(',', roles);
        if (_roles.TryGetValue(key, out var shared))
        {
            return shared;
        }
        var array = roles.ToArray();
        _roles[key] = array;
        return array;
    }
}
