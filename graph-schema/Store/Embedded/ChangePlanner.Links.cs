using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Analysis;

namespace Ecosystem.Graph.Store.Embedded;

/// <summary>Supply links of a change set resolved to rows (firms, products, source sets), and deletions checked.</summary>
internal partial class ChangePlanner
{
    private LinkRow[] ResolveLinks(IReadOnlyList<SupplyLink> links)
    {
        var rows = new LinkRow[links.Count];
        var ok = true;
        for (var i = 0; i < links.Count; i++)
        {
            var link = links[i];
            var before = _errors.Count;
            if (!NodeRules.IsPlainValid(link))
            {
                _errors.AddRange(NodeRules.Check(link));
            }
            var supplier = ResolveFirm(link, link.SupplierId, "supplier");
            var buyer = ResolveFirm(link, link.BuyerId, "buyer");
            var sector = NidAfter(link.SectorId);
            if (sector < 0 || NodeIds.KindOf(link.SectorId) != NodeKind.Sector)
            {
                _errors.Add(new ChangeError(LinkItem(link), "sector", $"unknown sector '{link.SectorId}'"));
            }
            var hs = 0;
            if (link.HsProductId is { } hsId)
            {
                var nid = NidAfter(hsId);
                if (nid < 0 || NodeIds.KindOf(hsId) != NodeKind.Product)
                {
                    _errors.Add(new ChangeError(LinkItem(link), "hsProduct", $"unknown HS 2022 product '{hsId}'"));
                }
                hs = nid + 1;
            }
            var sources = SourceSetOf(link);
            if (_errors.Count != before)
            {
                ok = false;
                continue;
            }
            rows[i] = new LinkRow
            {
                Buyer = buyer,
                Supplier = supplier,
                Sector = sector,
                Product = ProductOf(link.Product),
                Since = link.Since?.DayNumber ?? LinkRow.NoDate,
                Until = link.Until?.DayNumber ?? LinkRow.OpenUntil,
                Sources = sources,
                Hs = hs,
                Confidence = (float)link.Confidence,
                Value = link.ValueUsd ?? double.NaN,
            };
        }
        if (!ok)
        {
            return [];
        }
        if (!IsSorted(rows))
        {
            Array.Sort(rows);
        }
        for (var i = 1; i < rows.Length; i++)
        {
            if (rows[i].SameKey(rows[i - 1]))
            {
                _errors.Add(new ChangeError(LinkItem(links.First(l => NidAfter(l.SupplierId) == rows[i].Supplier && NidAfter(l.BuyerId) == rows[i].Buyer)),
                    "id", "the change set holds this link (supplier, buyer, sector, product) twice"));
            }
        }
        return rows;
    }

    private static bool IsSorted(LinkRow[] rows)
    {
        for (var i = 1; i < rows.Length; i++)
        {
            if (rows[i - 1].CompareTo(rows[i]) > 0)
            {
                return false;
            }
        }
        return true;
    }

    private static string LinkItem(SupplyLink link) => $"link {link.SupplierId} -> {link.BuyerId}";

    private int ResolveFirm(SupplyLink link, string id, string field)
    {
        var nid = NidAfter(id);
        if (nid < 0 || NodeIds.KindOf(id) != NodeKind.Firm)
        {
            _errors.Add(new ChangeError(LinkItem(link), field, $"unknown firm '{id}'"));
            return -1;
        }
        return nid;
    }

    private int ProductOf(string? product)
    {
        var text = product?.Trim() ?? "";
        if (_productByText.TryGetValue(text, out var pid))
        {
            return pid;
        }
        var slug = SupplyLink.ProductKey(text);
        pid = slug.Length == 0 ? 0 : snap.ProductIndexBySlug(slug);
        if (pid < 0 && !_productBySlug.TryGetValue(slug, out pid))
        {
            pid = snap.Products.Length + _newProductTexts.Count;
            _newProductTexts.Add(text);
            _productBySlug[slug] = pid;
        }
        _productByText[text] = pid;
        return pid;
    }

    private int SourceSetOf(SupplyLink link)
    {
        if (_sourceSetByRef.TryGetValue(link.Sources, out var cached))
        {
            return cached;
        }
        CheckSources(LinkItem(link), link.Sources);
        var ids = link.Sources.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var key = GraphSnapshot.SourceSetKey(ids);
        var sid = snap.SourceSetIndex(ids);
        if (sid < 0 && !_sourceSetByKey.TryGetValue(key, out sid))
        {
            sid = snap.SourceSets.Length + _newSourceSets.Count;
            _newSourceSets.Add(ids);
            _sourceSetByKey[key] = sid;
        }
        _sourceSetByRef[link.Sources] = sid;
        return sid;
    }

    private List<LinkRow> ResolveLinkDeletes(IReadOnlyList<string> ids)
    {
        var result = new List<LinkRow>();
        foreach (var id in ids)
        {
            if (!SupplyLink.TryParseId(id, out var supplierId, out var buyerId, out var sectorId, out var productKey))
            {
                _errors.Add(new ChangeError(id, "id", "not a supply link id"));
                continue;
            }
            var product = productKey.Length == 0 ? 0 : snap.ProductIndexBySlug(productKey);
            var link = product < 0 ? -1 : snap.FindLink(snap.NidOf(supplierId), snap.NidOf(buyerId), snap.NidOf(sectorId), product);
            if (link >= 0)
            {
                result.Add(snap.Row(link));
            }
        }
        result.Sort();
        return result;
    }

    private void CheckDeletedNodesAreFree(List<int> deletedNids, List<LinkRow> linkDeletes)
    {
        if (deletedNids.Count == 0)
        {
            return;
        }
        var deletedLinks = new HashSet<int>();
        foreach (var row in linkDeletes)
        {
            deletedLinks.Add(snap.FindLink(row.Supplier, row.Buyer, row.Sector, row.Product));
        }
        foreach (var nid in deletedNids)
        {
            var id = snap.Nodes[nid]!.Id;
            foreach (var type in Enum.GetValues<RelType>())
            {
                if (type == RelType.Supplies)
                {
                    continue;
                }
                foreach (var referrer in snap.InNeighbours(type, nid))
                {
                    var referrerId = snap.Nodes[referrer]!.Id;
                    if (_deletes.Contains(referrerId))
                    {
                        continue;
                    }
                    var after = _upserts.TryGetValue(referrerId, out var replaced) ? replaced : snap.Nodes[referrer]!;
                    if (after.Edges().Any(e => e.Target == id) || after.Sources.Contains(id))
                    {
                        _errors.Add(new ChangeError(id, "id", $"cannot delete: still referenced by {referrerId}"));
                        break;
                    }
                }
            }
            var linked = AnyKept(snap.InLinks(nid), deletedLinks) || AnyKept(snap.OutLinks(nid), deletedLinks);
            if (!linked && snap.Nodes[nid] is Sector or Source or Product)
            {
                linked = snap.AllLinks().Any(i => (snap.LinkSector[i] == nid || snap.LinkHs(i) == nid || snap.SourceSets[snap.LinkSources[i]].Contains(id)) && !deletedLinks.Contains(i));
            }
            if (linked)
            {
                _errors.Add(new ChangeError(id, "id", "cannot delete: supply links still reference it; delete them in the same change set"));
            }
        }
    }

    private static bool AnyKept(LinkIds links, HashSet<int> deleted)
    {
        foreach (var link in links)
        {
            if (!deleted.Contains(link))
            {
                return true;
            }
        }
        return false;
    }
}
