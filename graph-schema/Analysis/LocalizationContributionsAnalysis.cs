using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>The pairs behind a localization report, read from the snapshot (see <see cref="ILocalizationAnalysis.LocalizationContributionsAsync"/>).</summary>
internal static partial class LocalizationAnalysis
{
    public static LocalizationContributions Contributions(SupplyGraph snap, LocalizationRequest request, CancellationToken cancellationToken)
    {
        var inScope = FirmTest(snap, request.Scope);
        var leads = Leads(snap, request, inScope);
        var asOf = request.AsOf.DayNumber;
        var suppliers = new Dictionary<int, int>();
        var sectors = new Dictionary<int, int>();
        var countries = new Dictionary<int, int>();
        // One row per valued link: rows of one (lead, supplier, sector) add up in every cell, so they need not be merged here.
        var rows = new List<ContributionRow>();
        var (since, until, linkSector, linkSupplier, value) = (snap.LinkSince, snap.LinkUntil, snap.LinkSector, snap.LinkSupplier, snap.LinkValue);
        for (var k = 0; k < leads.Count; k++)
        {
            if ((k & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            foreach (var i in snap.InLinks(leads[k]))
            {
                if (since[i] > asOf || until[i] < asOf || value[i] is not (> 0 and var v))
                {
                    continue;
                }
                var supplier = linkSupplier[i];
                var s = Index(suppliers, supplier);
                var sector = Index(sectors, snap.SectorAt(linkSector[i], request.Level));
                var country = Index(countries, snap.FirmCountry[supplier]);
                rows.Add(new ContributionRow(k, s, sector, country, inScope(supplier), v));
            }
        }
        return new LocalizationContributions(
            [.. leads.Select(nid => (Firm)snap.Nodes[nid]!).Select(f => new ContributingLead(f.Id, f.ParkId, f.SectorIds,
                [.. new[] { f.ProvinceId, f.Placement?.FormerProvinceId }.OfType<string>().Distinct(StringComparer.Ordinal)]))],
            [.. suppliers.OrderBy(kv => kv.Value).Select(kv => snap.Nodes[kv.Key]!.Id)],
            [.. sectors.OrderBy(kv => kv.Value).Select(kv => snap.Nodes[kv.Key]!.Id)],
            [.. countries.OrderBy(kv => kv.Value).Select(kv => kv.Key >= 0 ? snap.Countries[kv.Key] : "")],
            rows);

        static int Index(Dictionary<int, int> table, int nid)
        {
            if (!table.TryGetValue(nid, out var index))
            {
                index = table.Count;
                table[nid] = index;
            }
            return index;
        }
    }
}
