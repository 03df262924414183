using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

internal static partial class LocalizationAnalysis
{
    /// <summary>What the lead firms of a scope buy by HS product: their valid links tallied by <see cref="ProductPurchaseTally"/>.</summary>
    public static ProductPurchases Purchases(SupplyGraph snap, ProductPurchaseRequest request, CancellationToken cancellationToken)
    {
        var leadRequest = new LocalizationRequest { Scope = request.Scope, LeadSectorIds = request.LeadSectorIds, AsOf = request.AsOf };
        var leads = Leads(snap, leadRequest, FirmTest(snap, request.Scope));
        var tally = new ProductPurchaseTally(request.Level);
        var asOf = request.AsOf.DayNumber;
        var n = 0;
        foreach (var lead in leads)
        {
            if (++n % 1024 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            var leadId = snap.Nodes[lead]!.Id;
            foreach (var i in snap.InLinks(lead))
            {
                if (snap.LinkSince[i] > asOf || snap.LinkUntil[i] < asOf)
                {
                    continue;
                }
                var supplier = snap.LinkSupplier[i];
                var hs = snap.LinkHs(i);
                var value = snap.LinkValue[i];
                tally.Add(leadId, snap.Nodes[supplier]!.Id, snap.FirmCountry[supplier] is >= 0 and var c ? snap.Countries[c] : null,
                    hs >= 0 ? snap.Nodes[hs]!.Id : null, double.IsNaN(value) ? null : value);
            }
        }
        return tally.Result(leads.Count);
    }
}
