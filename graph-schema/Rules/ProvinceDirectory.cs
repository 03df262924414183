using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Rules;

/// <summary>
/// Province identity across the 2025-07-01 merger (63 provinces before, 34 after). A code or name alone can be
/// ambiguous (code 24 was Bắc Giang and is now Bắc Ninh), so every lookup is "as of" a date: the unit in force then
/// wins; a code or name no unit had then finds the unit that last had it.
/// </summary>
public sealed class ProvinceDirectory
{
    /// <summary>The day the 34-province map took effect (Resolution 202/2025/QH15).</summary>
    public static readonly DateOnly MergerDate = new(2025, 7, 1);

    private readonly Dictionary<string, Province> _byId;
    private readonly Dictionary<string, List<Province>> _byCode;
    private readonly Dictionary<string, List<Province>> _byName;

    /// <summary>The directory of every province of a store, old and new.</summary>
    public static async Task<ProvinceDirectory> LoadAsync(Store.IGraphStore store, CancellationToken cancellationToken = default) =>
        new((await store.ListNodesAsync(new Store.NodeQuery { Kind = Model.NodeKind.Province }, cancellationToken).ConfigureAwait(false)).Items.Select(i => (Model.Province)i.Node));

    public ProvinceDirectory(IEnumerable<Province> provinces)
    {
        _byId = provinces.ToDictionary(p => p.Id, StringComparer.Ordinal);
        _byCode = new(StringComparer.Ordinal);
        _byName = new(StringComparer.Ordinal);
        foreach (var p in _byId.Values)
        {
            Add(_byCode, p.Code, p);
            foreach (var name in new[] { p.Name, p.FullName, p.NameEn })
            {
                var key = NameKey(name);
                if (key.Length > 0)
                {
                    Add(_byName, key, p);
                }
            }
        }
    }

    public IReadOnlyCollection<Province> All => _byId.Values;

    private static void Add(Dictionary<string, List<Province>> map, string key, Province p)
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }
        if (!list.Contains(p))
        {
            list.Add(p);
        }
    }

    /// <summary>Folded name without the unit word: "Tỉnh Hải Dương", "hai duong", "Hai Duong Province" all give "hai duong".</summary>
    public static string NameKey(string? name)
    {
        var folded = VietnameseText.Fold(name);
        foreach (var prefix in new[] { "thanh pho ", "tinh ", "tp " })
        {
            if (folded.StartsWith(prefix, StringComparison.Ordinal))
            {
                folded = folded[prefix.Length..];
                break;
            }
        }
        foreach (var suffix in new[] { " province", " city" })
        {
            if (folded.EndsWith(suffix, StringComparison.Ordinal))
            {
                folded = folded[..^suffix.Length];
                break;
            }
        }
        return folded.Replace(" ", "", StringComparison.Ordinal);
    }

    public Province? ById(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Resolves an id, a code ("24", "1") or a name, old or new, as of a date.</summary>
    public Province? Resolve(string? codeOrName, DateOnly asOf)
    {
        if (string.IsNullOrWhiteSpace(codeOrName))
        {
            return null;
        }
        var text = codeOrName.Trim();
        if (_byId.TryGetValue(text, out var byId))
        {
            return byId;
        }
        if (text.All(char.IsAsciiDigit) && text.Length <= 2)
        {
            return Pick(_byCode.GetValueOrDefault(text.PadLeft(2, '0')), asOf);
        }
        return Pick(_byName.GetValueOrDefault(NameKey(text)), asOf);
    }

    private static Province? Pick(List<Province>? candidates, DateOnly asOf)
    {
        if (candidates is null || candidates.Count == 0)
        {
            return null;
        }
        var inForce = candidates.FirstOrDefault(p => p.IsValidOn(asOf));
        if (inForce is not null)
        {
            return inForce;
        }
        // No unit had it on that date: the one that had it most recently before, else the first one after.
        return candidates.Where(p => p.ValidTo is { } to && to <= asOf).MaxBy(p => p.ValidTo)
            ?? candidates.Where(p => p.ValidFrom is { } from && from > asOf).MinBy(p => p.ValidFrom);
    }

    /// <summary>The provinces in force on a date: 63 before 2025-07-01, 34 from then on.</summary>
    public IReadOnlyList<Province> AsOf(DateOnly date) =>
        [.. _byId.Values.Where(p => p.IsValidOn(date)).OrderBy(p => p.Code, StringComparer.Ordinal)];

    /// <summary>The unit a province's facts roll up to on a date: itself while in force, else its successor (followed on).</summary>
    public Province RollUp(Province province, DateOnly asOf)
    {
        var current = province;
        for (var hops = 0; hops < 8 && !current.IsValidOn(asOf) && current.SuccessorId is { } next && _byId.TryGetValue(next, out var successor); hops++)
        {
            current = successor;
        }
        return current;
    }

    /// <summary>The former units merged into this one (empty for units the merger left unchanged).</summary>
    public IReadOnlyList<Province> Predecessors(Province province) =>
        [.. _byId.Values.Where(p => p.SuccessorId == province.Id).OrderBy(p => p.Code, StringComparer.Ordinal)];

    /// <summary>
    /// The ids whose facts fall in a province as of a date: the unit itself and, once it is in force after the merger,
    /// every former unit merged into it. Used by filters so old facts roll up to their successor.
    /// </summary>
    public IReadOnlyList<string> ScopeIds(Province province, DateOnly asOf)
    {
        var ids = new List<string> { province.Id };
        if (province.IsValidOn(asOf))
        {
            ids.AddRange(Predecessors(province).Select(p => p.Id));
        }
        return ids;
    }
}
