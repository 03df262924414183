using Ecosystem.Api.Errors;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Api.Sectors;

/// <summary>Sector codes as clients write them: bare codes are VSIC 2025 ("2630", "26", "C"); "ISIC4:2610" is ISIC Rev.4.</summary>
public static class SectorCodes
{
    public static string IdOf(string code) => SectorCode.ToId(code);

    /// <summary>The code as clients write it back: "2630" for VSIC 2025, "ISIC4:2610" for ISIC Rev.4.</summary>
    public static string CodeOf(Sector sector) => SectorCode.Of(sector);

    /// <summary>The sector ids for codes, checked to exist (NOT_FOUND otherwise).</summary>
    public static async Task<IReadOnlyList<string>> ResolveAsync(IGraphStore store, IReadOnlyList<string> codes, CancellationToken cancellationToken)
    {
        var ids = codes.Select(IdOf).ToList();
        var nodes = await store.GetNodesAsync(ids, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < ids.Count; i++)
        {
            if (nodes[i] is not Sector)
            {
                throw new ReferenceNotFoundException("sector", codes[i]);
            }
        }
        return ids;
    }
}
