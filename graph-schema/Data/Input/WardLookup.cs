using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Data.Input;

/// <summary>
/// Finds the ward an input names: by id (<c>ward:00004</c>, <c>ward:00004-pre2025</c>), by code (the unit in force
/// that has it, else the former unit), or by name within the input's province (its unit in force first; a name two
/// units share is refused). Holds only the wards a batch's inputs could mean, fetched in a few calls.
/// </summary>
internal sealed class WardLookup
{
    private readonly Dictionary<string, Ward> _byId;
    private readonly Dictionary<string, List<Ward>> _byName = new(StringComparer.Ordinal);

    private WardLookup(IEnumerable<Ward> wards)
    {
        _byId = wards.DistinctBy(w => w.Id).ToDictionary(w => w.Id, StringComparer.Ordinal);
        foreach (var w in _byId.Values)
        {
            foreach (var key in new[] { PlacementRules.WardNameKey(w.Name), PlacementRules.WardNameKey(w.FullName) }.Distinct(StringComparer.Ordinal))
            {
                if (!_byName.TryGetValue(key, out var list))
                {
                    _byName[key] = list = [];
                }
                list.Add(w);
            }
        }
    }

    public static WardLookup Empty { get; } = new([]);

    /// <summary>The wards the references could mean: those named by id or code, and every ward of the provinces that names are given in.</summary>
    public static async Task<WardLookup> LoadAsync(IGraphStore store, ProvinceDirectory provinces, DateOnly today, IEnumerable<(string? Ward, string? Province)> refs, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var scopes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (ward, province) in refs)
        {
            if (string.IsNullOrWhiteSpace(ward))
            {
                continue;
            }
            var text = ward.Trim();
            if (text.StartsWith("ward:", StringComparison.Ordinal))
            {
                ids.Add(text);
            }
            else if (IsCode(text))
            {
                ids.Add(NodeIds.Make(NodeKind.Ward, text.PadLeft(5, '0')));
                ids.Add(NodeIds.Make(NodeKind.Ward, text.PadLeft(5, '0') + "-pre2025"));
            }
            else if (provinces.Resolve(province, today) is { } p)
            {
                scopes.UnionWith(provinces.ScopeIds(provinces.RollUp(p, ProvinceDirectory.MergerDate), ProvinceDirectory.MergerDate));
            }
        }
        var wards = new List<Ward>();
        if (ids.Count > 0)
        {
            wards.AddRange((await store.GetNodesAsync([.. ids], cancellationToken).ConfigureAwait(false)).OfType<Ward>());
        }
        if (scopes.Count > 0)
        {
            var page = await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Ward, Filter = new NodeFilter { ProvinceIds = scopes }, First = 100_000 }, cancellationToken).ConfigureAwait(false);
            wards.AddRange(page.Items.Select(i => (Ward)i.Node));
        }
        return wards.Count == 0 ? Empty : new WardLookup(wards);
    }

    private static bool IsCode(string text) => text.Length <= 5 && text.All(char.IsAsciiDigit);

    /// <summary>The ward a reference names, or the reason it names none; a name is looked for in the province (old or new) given.</summary>
    public (Ward? Ward, string? Problem) Resolve(string reference, Province? province, ProvinceDirectory provinces)
    {
        var text = reference.Trim();
        if (text.StartsWith("ward:", StringComparison.Ordinal))
        {
            return _byId.TryGetValue(text, out var byId) ? (byId, null) : (null, "unknown ward");
        }
        if (IsCode(text))
        {
            var code = text.PadLeft(5, '0');
            return _byId.TryGetValue(NodeIds.Make(NodeKind.Ward, code), out var current) ? (current, null)
                : _byId.TryGetValue(NodeIds.Make(NodeKind.Ward, code + "-pre2025"), out var former) ? (former, null)
                : (null, "unknown ward code");
        }
        if (province is null)
        {
            return (null, "a ward given by name needs the province; or give its code");
        }
        var current2025 = provinces.RollUp(province, ProvinceDirectory.MergerDate).Id;
        var candidates = (_byName.GetValueOrDefault(PlacementRules.WardNameKey(text)) ?? [])
            .Where(w => w.ValidTo is null ? w.ProvinceId == current2025 : provinces.ById(w.ProvinceId) is { } old && provinces.RollUp(old, ProvinceDirectory.MergerDate).Id == current2025)
            .ToList();
        var inForce = candidates.Where(w => w.ValidTo is null).ToList();
        var pick = inForce.Count > 0 ? inForce : province.ValidTo is not null ? [.. candidates.Where(w => w.ProvinceId == province.Id)] : candidates;
        return pick.Count switch
        {
            0 => (null, $"no ward of this name in {province.FullName}"),
            1 => (pick[0], null),
            _ => (null, $"{pick.Count} wards of {province.FullName} have this name ({string.Join(", ", pick.Select(w => w.Code).Order(StringComparer.Ordinal))}); give the code"),
        };
    }
}
