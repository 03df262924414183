using System.Globalization;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>Sourcing requests matched to firms' capabilities at the level of the part (scored by <see cref="SourcingScoring"/>).</summary>
internal static partial class LocalizationAnalysis
{
    public static IReadOnlyList<IReadOnlyList<SourcingMatch>> Match(SupplyGraph snap, IReadOnlyList<SourcingMatchRequest> requests, CancellationToken cancellationToken)
    {
        var locator = new Locator(snap);
        var result = new List<IReadOnlyList<SourcingMatch>>(requests.Count);
        foreach (var request in requests)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(new ItemMatcher(snap, request, locator).Best());
        }
        return result;
    }

    /// <summary>The firms whose profile lists the product or one under it (the product's heading's subheadings, ...), with the product they list.</summary>
    public static IReadOnlyList<ProductMaker> Makers(SupplyGraph snap, string productId, NodeFilter? filter)
    {
        var product = snap.NidOf(productId);
        if (product < 0 || snap.Nodes[product] is not Product)
        {
            return [];
        }
        var test = filter is null ? null : NodeFilterCompiler.Compile(snap, NodeKind.Firm, filter);
        var makers = new Dictionary<int, ProductMaker>();
        foreach (var q in ProductsUnder(snap, product))
        {
            var qid = snap.Nodes[q]!.Id;
            foreach (var firm in snap.InNeighbours(RelType.Makes, q))
            {
                if (snap.Nodes[firm] is Firm f && (test is null || test(f, firm)) && !makers.ContainsKey(firm))
                {
                    var verified = f.Capabilities?.Products.FirstOrDefault(p => p.ProductId == qid)?.Verified ?? false;
                    makers[firm] = new ProductMaker(f.Id, qid, verified);
                }
            }
        }
        return [.. makers.Values.OrderBy(m => m.FirmId, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The sectors of products for matching by sector: the VSIC 2025 divisions of the ISIC Rev.4 classes they correspond
    /// to (VSIC and ISIC share their division codes; finer VSIC codes do not mean the same as ISIC's).
    /// </summary>
    internal static IEnumerable<string> DivisionIds(IEnumerable<Product> products) =>
        products.SelectMany(p => p.Sectors).Select(s => NodeIds.Local(s.SectorId)).Select(code => code[(code.LastIndexOf(':') + 1)..])
            .Where(digits => digits.Length >= 2 && char.IsAsciiDigit(digits[0]) && char.IsAsciiDigit(digits[1]))
            .Select(digits => SectorCode.IdOf(Classification.Vsic2025, digits[..2])).Distinct(StringComparer.Ordinal);

    /// <summary>A product and every product under it (a chapter's headings and their subheadings).</summary>
    private static List<int> ProductsUnder(SupplyGraph snap, int product)
    {
        var all = new List<int> { product };
        for (var i = 0; i < all.Count; i++)
        {
            all.AddRange(snap.InNeighbours(RelType.PartOf, all[i]));
        }
        return all;
    }

    /// <summary>One item's matching: candidates by product and sector, the rules, the score, the best first.</summary>
    private sealed class ItemMatcher
    {
        private readonly SupplyGraph _snap;
        private readonly SourcingMatchRequest _request;
        private readonly Locator _locator;
        private readonly int _buyer;
        private readonly (double Lat, double Lng)? _buyerPlace;
        private readonly HashSet<int> _sectorSubtree = [];
        private readonly Func<Firm, int, bool>? _provinceTest;
        private readonly string? _code;

        public ItemMatcher(SupplyGraph snap, SourcingMatchRequest request, Locator locator)
        {
            _snap = snap;
            _request = request;
            _locator = locator;
            _buyer = snap.NidOf(request.BuyerId);
            _buyerPlace = _buyer >= 0 ? locator.Of(_buyer) : null;
            var item = request.Item;
            var product = item.ProductId is { } pid ? snap.NidOf(pid) : -1;
            _code = product >= 0 && snap.Nodes[product] is Product p ? p.Code : null;
            if (item.SectorId is { } sector)
            {
                _sectorSubtree = snap.ExpandSectors([sector]);
            }
            else if (product >= 0)
            {
                // The product's sectors: the VSIC 2025 divisions of the ISIC classes it corresponds to (VSIC and ISIC share
                // their division codes; finer VSIC codes do not mean the same as ISIC's).
                _sectorSubtree = snap.ExpandSectors(DivisionIds(ProductsUnder(snap, product).Select(q => (Product)snap.Nodes[q]!)));
            }
            if (item.ProvinceIds.Count > 0)
            {
                _provinceTest = NodeFilterCompiler.Compile(snap, NodeKind.Firm, new NodeFilter { ProvinceIds = item.ProvinceIds });
            }
        }

        public IReadOnlyList<SourcingMatch> Best()
        {
            if (_buyer < 0 || _request.First <= 0)
            {
                return [];
            }
            var fits = Candidates();
            var scored = new List<(double Score, ProductFit Fit, double Distance, int Firm)>(fits.Count);
            foreach (var (firm, fit) in fits)
            {
                if (Judge(firm, fit) is { } match)
                {
                    scored.Add((match.Score, fit.Fit, match.DistanceKm ?? double.PositiveInfinity, firm));
                }
            }
            scored.Sort((a, b) =>
                a.Score != b.Score ? b.Score.CompareTo(a.Score)
                : a.Fit != b.Fit ? b.Fit.CompareTo(a.Fit)
                : a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance)
                : string.CompareOrdinal(_snap.Nodes[a.Firm]!.Id, _snap.Nodes[b.Firm]!.Id));
            return [.. scored.Take(_request.First).Select(s => Judge(s.Firm, fits[s.Firm], reasons: true)!)];
        }

        /// <summary>Every domestic firm (the buyer excluded) that makes a product of the requested chapter or is in its sectors, with its best fit.</summary>
        private Dictionary<int, (ProductFit Fit, int Product)> Candidates()
        {
            var fits = new Dictionary<int, (ProductFit Fit, int Product)>();
            if (_code is not null && _snap.NidOf(NodeIds.Make(NodeKind.Product, _code[..2])) is >= 0 and var chapter)
            {
                foreach (var q in ProductsUnder(_snap, chapter))
                {
                    var fit = FitOf(((Product)_snap.Nodes[q]!).Code);
                    foreach (var firm in _snap.InNeighbours(RelType.Makes, q))
                    {
                        if (Eligible(firm) && (!fits.TryGetValue(firm, out var had) || had.Fit < fit))
                        {
                            fits[firm] = (fit, q);
                        }
                    }
                }
            }
            foreach (var sector in _sectorSubtree)
            {
                foreach (var firm in _snap.InNeighbours(RelType.InSector, sector))
                {
                    if (!fits.ContainsKey(firm) && Eligible(firm))
                    {
                        fits[firm] = (ProductFit.Sector, -1);
                    }
                }
            }
            return fits;
        }

        /// <summary>The finest level at which a product's code agrees with the requested one (the very code counts as a subheading).</summary>
        private ProductFit FitOf(string code) =>
            code == _code ? ProductFit.Subheading
            : code.Length >= 4 && _code!.Length >= 4 && string.CompareOrdinal(code, 0, _code, 0, 4) == 0 ? ProductFit.Heading
            : ProductFit.Chapter;

        private bool Eligible(int firm) =>
            firm != _buyer && _snap.Nodes[firm] is Firm f && _snap.FirmCountry[firm] == _snap.DomesticCountry
            && (_provinceTest is null || _provinceTest(f, firm));

        /// <summary>A candidate's match under the item's rules, or null when a rule leaves it out; reasons in words only when asked.</summary>
        private SourcingMatch? Judge(int firm, (ProductFit Fit, int Product) fit, bool reasons = false)
        {
            var f = (Firm)_snap.Nodes[firm]!;
            var item = _request.Item;
            var profile = f.Capabilities;
            var made = fit.Product >= 0 ? profile?.Products.FirstOrDefault(p => p.ProductId == _snap.Nodes[fit.Product]!.Id) : null;

            var met = new List<string>();
            var missing = new List<string>();
            foreach (var standard in item.RequiredStandardIds)
            {
                (profile?.Certifications.Any(c => c.StandardId == standard && c.ValidOn(_request.AsOf)) == true ? met : missing).Add(standard);
            }
            if (missing.Count > 0 && !_request.IncludePartial)
            {
                return null;
            }
            double? distance = null;
            if (_buyerPlace is { } b && _locator.Of(firm) is { } at)
            {
                distance = Math.Round(LocalizationScoring.DistanceKm(at.Lat, at.Lng, b.Lat, b.Lng), 1, MidpointRounding.AwayFromZero);
            }
            if (item.MaxDistanceKm is { } max && !(distance <= max))
            {
                return null;
            }
            double? processFit = item.RequiredProcessIds.Count == 0 ? null
                : Math.Round(item.RequiredProcessIds.Count(p => profile?.Processes.Any(x => x.ProcessId == p) == true) / (double)item.RequiredProcessIds.Count, 4, MidpointRounding.AwayFromZero);
            var (otherBuyers, byProduct, suppliesBuyer) = Supplies(firm);
            double? capacityFit = made?.AnnualCapacity is { } capacity && item.AnnualQuantity is { } quantity && made.Unit is { } unit && item.Unit is { } wanted
                && string.Equals(unit.Trim(), wanted.Trim(), StringComparison.OrdinalIgnoreCase)
                ? Math.Round(Math.Min(1, capacity / quantity), 4, MidpointRounding.AwayFromZero)
                : null;
            var parts = new SourcingScoreParts(
                SourcingScoring.ProductPoints * SourcingScoring.ProductWeight(fit.Fit),
                SourcingScoring.ProcessPoints * (processFit ?? 1),
                SourcingScoring.CertificationPoints * (item.RequiredStandardIds.Count == 0 ? 1 : met.Count / (double)item.RequiredStandardIds.Count),
                otherBuyers > 0 ? SourcingScoring.ProvenPoints : 0,
                distance is { } km ? SourcingScoring.DistancePoints * LocalizationScoring.Proximity(km) : 0,
                SourcingScoring.CapacityPoints * (capacityFit ?? 0.5),
                made?.Verified == true ? SourcingScoring.VerifiedPoints : 0);
            parts = parts with
            {
                Product = Round(parts.Product), Processes = Round(parts.Processes), Certifications = Round(parts.Certifications),
                ProvenSupply = Round(parts.ProvenSupply), Distance = Round(parts.Distance), Capacity = Round(parts.Capacity), Verified = Round(parts.Verified),
            };
            var score = Round(Math.Max(0, parts.Product + parts.Processes + parts.Certifications + parts.ProvenSupply + parts.Distance + parts.Capacity + parts.Verified
                - (SourcingScoring.MissingCertificatePenalty * missing.Count)));
            return new SourcingMatch(
                f.Id, score, fit.Fit, fit.Product >= 0 ? _snap.Nodes[fit.Product]!.Id : null, processFit, met, missing, otherBuyers > 0, suppliesBuyer, distance, capacityFit, parts,
                reasons ? Reasons(f, fit, made, met, missing, processFit, otherBuyers, byProduct, suppliesBuyer, distance, capacityFit) : []);
        }

        private static double Round(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

        /// <summary>
        /// How many other buyers the firm supplies with the item (valid links on the day), how many of them by a link whose
        /// HS code shares the item's heading, and whether it supplies the buyer. A link with an HS code counts when that code
        /// agrees with the item's to the heading (to the chapter for a chapter-only code); a link without one counts when its
        /// sector is among the item's sectors.
        /// </summary>
        private (int OtherBuyers, int ByProduct, bool SuppliesBuyer) Supplies(int firm)
        {
            var asOf = _request.AsOf.DayNumber;
            var others = 0;
            var byProduct = 0;
            var last = -1;
            var lastByProduct = -1;
            var suppliesBuyer = false;
            foreach (var i in _snap.OutLinks(firm))
            {
                if (_snap.LinkSince[i] > asOf || _snap.LinkUntil[i] < asOf)
                {
                    continue;
                }
                var buyer = _snap.LinkBuyer[i];
                if (buyer == _buyer)
                {
                    suppliesBuyer = true;
                    continue;
                }
                var hs = _snap.LinkHs(i);
                var sameProduct = hs >= 0 && _code is not null && SameHeading(((Product)_snap.Nodes[hs]!).Code, _code);
                if (sameProduct ? true : (hs < 0 || _code is null) && _sectorSubtree.Contains(_snap.LinkSector[i]))
                {
                    if (buyer != last)
                    {
                        others++;
                        last = buyer;
                    }
                    if (sameProduct && buyer != lastByProduct)
                    {
                        byProduct++;
                        lastByProduct = buyer;
                    }
                }
            }
            return (others, byProduct, suppliesBuyer);
        }

        private static bool SameHeading(string a, string b)
        {
            var n = Math.Min(4, Math.Min(a.Length, b.Length));
            return string.CompareOrdinal(a, 0, b, 0, n) == 0;
        }

        private List<string> Reasons(
            Firm f, (ProductFit Fit, int Product) fit, FirmProduct? made, List<string> met, List<string> missing, double? processFit, int otherBuyers, int byProduct, bool suppliesBuyer,
            double? distance, double? capacityFit)
        {
            var reasons = new List<string>();
            if (fit.Product >= 0)
            {
                var code = Product.Display(((Product)_snap.Nodes[fit.Product]!).Code);
                reasons.Add(fit.Fit switch
                {
                    ProductFit.Subheading => $"makes {code}",
                    ProductFit.Heading => $"makes {code} (same heading)",
                    _ => $"makes {code} (same chapter)",
                } + (made?.Verified == true ? ", verified" : ""));
            }
            else
            {
                var sector = f.SectorIds.Select(_snap.NidOf).FirstOrDefault(_sectorSubtree.Contains, -1);
                reasons.Add(sector >= 0 && _snap.Nodes[sector] is Sector s ? $"in sector {SectorCode.Of(s)} (no product of this chapter listed)" : "in the product's sector (no product of this chapter listed)");
            }
            foreach (var standard in met)
            {
                var cert = f.Capabilities!.Certifications.Where(c => c.StandardId == standard && c.ValidOn(_request.AsOf)).MaxBy(c => c.ExpiresOn ?? DateOnly.MaxValue)!;
                reasons.Add($"holds {StandardCode(standard)}" + (cert.ExpiresOn is { } until ? $" until {until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : ""));
            }
            foreach (var standard in missing)
            {
                reasons.Add($"lacks {StandardCode(standard)}");
            }
            if (processFit is { } share)
            {
                var runs = _request.Item.RequiredProcessIds.Where(p => f.Capabilities?.Processes.Any(x => x.ProcessId == p) == true).Select(NodeIds.Local).ToList();
                reasons.Add(runs.Count == 0 ? "runs none of the required processes" : $"runs {string.Join(", ", runs)} ({Percent(share)} of the required processes)");
            }
            if (suppliesBuyer)
            {
                reasons.Add("already supplies the buyer");
            }
            if (byProduct > 0 && _code is { } asked)
            {
                reasons.Add($"supplies {asked[..Math.Min(4, asked.Length)]} to {byProduct} other buyer{(byProduct == 1 ? "" : "s")}");
            }
            if (otherBuyers > byProduct)
            {
                var n = otherBuyers - byProduct;
                reasons.Add($"supplies {n} {(byProduct > 0 ? "more " : "other ")}buyer{(n == 1 ? "" : "s")} in this sector");
            }
            if (capacityFit is { } c && made is { AnnualCapacity: { } capacity, Unit: { } unit })
            {
                reasons.Add($"capacity {capacity.ToString("#,0.##", CultureInfo.InvariantCulture)} {unit} a year ({Percent(c)} of the quantity)");
            }
            reasons.Add(distance is { } km ? $"{km.ToString("0.#", CultureInfo.InvariantCulture)} km" : "distance unknown");
            return reasons;
        }

        private static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

        private string StandardCode(string standardId) =>
            _snap.NidOf(standardId) is >= 0 and var n && _snap.Nodes[n] is CertificationStandard s ? s.Code : NodeIds.Local(standardId);
    }
}
