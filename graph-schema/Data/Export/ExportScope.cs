using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Data.Export;

/// <summary>The scope of an export: exactly one of a province (old or new, as of a date), a park, a corridor or a sector.</summary>
public sealed record ExportScope(string? Province, string? Park, string? Corridor, string? Sector)
{
    public async Task<NodeFilter> ToFilterAsync(IGraphStore store, DateOnly asOf, CancellationToken cancellationToken)
    {
        var directory = await ProvinceDirectory.LoadAsync(store, cancellationToken).ConfigureAwait(false);
        var scope = new FirmScope { Province = Province, Park = Park, Corridor = Corridor, Sector = Sector };
        if (new[] { Province, Park, Corridor, Sector }.Count(v => !string.IsNullOrWhiteSpace(v)) != 1)
        {
            throw new ExportException("Give exactly one of province, park, corridor and sector.");
        }
        try
        {
            return await scope.ToFirmFilterAsync(store, directory, asOf, cancellationToken).ConfigureAwait(false);
        }
        catch (ScopeException e)
        {
            throw new ExportException(e.Message, e.IsNotFound ? ExportFailure.NotFound : ExportFailure.BadArgument);
        }
    }
}
