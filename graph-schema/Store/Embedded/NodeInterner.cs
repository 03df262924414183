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

    public Node Intern(Node node) => node switch
    {
        Firm f => f with
        {
            Country = S(f.Country),
            OriginCountry = f.OriginCountry is null ? null : S(f.OriginCountry),
            ProvinceId = f.ProvinceId is null ? null : S(f.ProvinceId),
            ParkId = f.ParkId is null ? null : S(f.ParkId),
            SectorIds = L(f.SectorIds),
            AllianceIds = L(f.AllianceIds),
            Roles = R(f.Roles),
            Sources = L(f.Sources),
        },
        _ => node with { Sources = L(node.Sources) },
    };

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
