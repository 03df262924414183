using System.Globalization;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>Sourcing requests matched to firms' capabilities at the level of the part (scored by <see cref="SourcingScoring"/>).</summary>
internal static partial class LocalizationAnalysis
{
    public static IReadOnlyList<IReadOnlyList<SourcingMatch>> Match(SupplyGraph snap, IReadOnlyList<SourcingMatchRequest> requests, CancellationToken cancellationToken) =>
        Match(snap, requests, exhaustive: false, cancellationToken);

    /// <summary>The matches; exhaustive: every candidate scored in full, nothing passed over (what the bounds must agree with).</summary>
    internal static IReadOnlyList<IReadOnlyList<SourcingMatch>> Match(SupplyGraph snap, IReadOnlyList<SourcingMatchRequest> requests, bool exhaustive, CancellationToken cancellationToken)
    {
        var locator = new Locator(snap);
        var result = new List<IReadOnlyList<SourcingMatch>>(requests.Count);
        foreach (var request in requests)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(new ItemMatcher(snap, request, locator) { Exhaustive = exhaustive }.Best());
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

        /// <summary>
        /// The best matches. Candidates come in tiers of their product fit (makers of the very code, of its heading, of its
        /// chapter, then the firms of the product's sectors), each tier's best possible score lower than the one before;
        /// a tier is not read once the matches kept all score above what it could reach, and a candidate whose score
        /// without proven supply, plus the points proven supply could add, cannot reach the last match kept is not read
        /// further. The answer is the one scoring every candidate would give.
        /// </summary>
        public IReadOnlyList<SourcingMatch> Best()
        {
            if (_buyer < 0 || _request.First <= 0)
            {
                return [];
            }
            var top = new List<Kept>(_request.First + 1);
            var seen = new ulong[(_snap.Nodes.Length + 63) >> 6];
            var tiers = _code is not null && _snap.NidOf(NodeIds.Make(NodeKind.Product, _code[..2])) is >= 0 and var chapter
                ? MakerTiers(chapter)
                : [];
            // A required certificate is a hard rule: only the firms holding the rarest of them can match. When they are few
            // beside the tiers, they are read instead of the tiers; otherwise the tiers are read and the others passed over.
            ulong[]? holding = null;
            if (!Exhaustive && RarestRequiredStandard() is { } holders)
            {
                if (holders.Length * 4L < tiers.Sum(t => (long)_snap.InNeighbours(RelType.Makes, t.Product).Length) + _sectorSubtree.Sum(x => (long)_snap.InNeighbours(RelType.InSector, x).Length))
                {
                    ConsiderHolders(holders, tiers, top);
                    return [.. top.Select(k => Judge(k.Firm, (k.Fit, k.Product), reasons: true)!)];
                }
                holding = new ulong[seen.Length];
                foreach (var firm in holders)
                {
                    holding[firm >> 6] |= 1UL << (firm & 63);
                }
            }
            foreach (var fit in new[] { ProductFit.Subheading, ProductFit.Heading, ProductFit.Chapter, ProductFit.Sector })
            {
                if (!Exhaustive && top.Count == _request.First && top[^1].Score > Bound(fit))
                {
                    break;
                }
                if (fit == ProductFit.Sector)
                {
                    foreach (var sector in _sectorSubtree)
                    {
                        foreach (var firm in _snap.InNeighbours(RelType.InSector, sector))
                        {
                            if (Mark(seen, firm) && (holding is null || Has(holding, firm)) && Eligible(firm))
                            {
                                Consider(firm, fit, -1, top);
                            }
                        }
                    }
                    continue;
                }
                foreach (var product in tiers.Where(t => t.Fit == fit).Select(t => t.Product))
                {
                    foreach (var firm in _snap.InNeighbours(RelType.Makes, product))
                    {
                        if ((holding is null || Has(holding, firm)) && !Has(seen, firm) && Eligible(firm) && Mark(seen, firm))
                        {
                            Consider(firm, fit, product, top);
                        }
                    }
                }
            }
            return [.. top.Select(k => Judge(k.Firm, (k.Fit, k.Product), reasons: true)!)];
        }

        private static bool Has(ulong[] bits, int nid) => (bits[nid >> 6] & (1UL << (nid & 63))) != 0;

        /// <summary>Sets a firm's bit; false when it was set.</summary>
        private static bool Mark(ulong[] bits, int nid)
        {
            ref var word = ref bits[nid >> 6];
            var bit = 1UL << (nid & 63);
            if ((word & bit) != 0)
            {
                return false;
            }
            word |= bit;
            return true;
        }

        /// <summary>Every candidate scored in full: no tier or candidate passed over by its bound.</summary>
        public bool Exhaustive { get; init; }

        /// <summary>The firms with a certificate (valid or not) of the required standard fewest firms hold; null when none is required or partial matches are asked for.</summary>
        private int[]? RarestRequiredStandard()
        {
            if (_request.IncludePartial || _request.Item.RequiredStandardIds.Count == 0)
            {
                return null;
            }
            int[]? rarest = null;
            foreach (var standard in _request.Item.RequiredStandardIds)
            {
                var holders = _snap.NidOf(standard) is >= 0 and var nid ? _snap.InNeighbours(RelType.Holds, nid) : [];
                if (rarest is null || holders.Length < rarest.Length)
                {
                    rarest = holders;
                }
            }
            return rarest;
        }

        /// <summary>Each holder's best fit (a product of the chapter it makes, else one of its sectors among the item's), considered as the tiers would.</summary>
        private void ConsiderHolders(int[] holders, List<(ProductFit Fit, int Product)> tiers, List<Kept> top)
        {
            var fitOf = new Dictionary<int, (ProductFit Fit, int Order)>(tiers.Count);
            for (var k = 0; k < tiers.Count; k++)
            {
                fitOf[tiers[k].Product] = (tiers[k].Fit, k);
            }
            var seen = new HashSet<int>();
            foreach (var firm in holders)
            {
                if (!seen.Add(firm) || !Eligible(firm))
                {
                    continue;
                }
                // Its products of the chapter: the best fit, and of those the first in the chapter's order, as the tiers take them.
                var best = (Fit: (ProductFit)0, Product: -1);
                var bestOrder = int.MaxValue;
                foreach (var made in ((Firm)_snap.Nodes[firm]!).Capabilities?.Products ?? [])
                {
                    if (_snap.NidOf(made.ProductId) is >= 0 and var product && fitOf.TryGetValue(product, out var f)
                        && (f.Fit > best.Fit || (f.Fit == best.Fit && f.Order < bestOrder)))
                    {
                        best = (f.Fit, product);
                        bestOrder = f.Order;
                    }
                }
                if (best.Product < 0 && ((Firm)_snap.Nodes[firm]!).SectorIds.Any(id => _snap.NidOf(id) is >= 0 and var sector && _sectorSubtree.Contains(sector)))
                {
                    best = (ProductFit.Sector, -1);
                }
                if (best.Fit != 0)
                {
                    Consider(firm, best.Fit, best.Product, top);
                }
            }
        }

        /// <summary>A match kept while looking: its score and what orders ties (fit, distance, firm id).</summary>
        private readonly record struct Kept(double Score, ProductFit Fit, double Distance, int Firm, int Product);

        /// <summary>The products of the item's chapter with the fit a firm making each has, in the chapter's order.</summary>
        private List<(ProductFit Fit, int Product)> MakerTiers(int chapter) =>
            [.. ProductsUnder(_snap, chapter).Select(q => (FitOf(((Product)_snap.Nodes[q]!).Code), q))];

        /// <summary>The most a firm of a tier can score: every part in full (a firm matched by sector alone has no product of its own to be verified, and its capacity is unknown).</summary>
        private static double Bound(ProductFit fit) =>
            (SourcingScoring.ProductPoints * SourcingScoring.ProductWeight(fit)) + SourcingScoring.ProcessPoints + SourcingScoring.CertificationPoints
            + SourcingScoring.ProvenPoints + SourcingScoring.DistancePoints
            + (fit == ProductFit.Sector ? (SourcingScoring.CapacityPoints / 2) : SourcingScoring.CapacityPoints + SourcingScoring.VerifiedPoints);

        /// <summary>Scores a candidate and keeps it when it is among the best so far (proven supply read only when it could matter).</summary>
        private void Consider(int firm, ProductFit fit, int product, List<Kept> top)
        {
            var full = top.Count == _request.First;
            var cheap = Evaluate(firm, fit, product, withProven: false, null, null);
            if (!cheap.Ok || (!Exhaustive && full && cheap.Score + SourcingScoring.ProvenPoints < top[^1].Score))
            {
                return;
            }
            // The rules and the other parts are as the cheap pass found them: only the firm's links are left to read.
            var (otherBuyers, _, _) = Supplies(firm);
            var score = ScoreOf(cheap.Parts with { ProvenSupply = Round(otherBuyers > 0 ? SourcingScoring.ProvenPoints : 0) }, cheap.Missing);
            var kept = new Kept(score, fit, cheap.Distance ?? double.PositiveInfinity, firm, product);
            if (full && Compare(kept, top[^1]) >= 0)
            {
                return;
            }
            var at = top.Count;
            while (at > 0 && Compare(kept, top[at - 1]) < 0)
            {
                at--;
            }
            top.Insert(at, kept);
            if (top.Count > _request.First)
            {
                top.RemoveAt(top.Count - 1);
            }
        }

        /// <summary>Best first: score, then the finer fit, then the nearer firm, then the firm id.</summary>
        private int Compare(in Kept a, in Kept b) =>
            a.Score != b.Score ? b.Score.CompareTo(a.Score)
            : a.Fit != b.Fit ? b.Fit.CompareTo(a.Fit)
            : a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance)
            : string.CompareOrdinal(_snap.Nodes[a.Firm]!.Id, _snap.Nodes[b.Firm]!.Id);

        /// <summary>The finest level at which a product's code agrees with the requested one (the very code counts as a subheading).</summary>
        private ProductFit FitOf(string code) =>
            code == _code ? ProductFit.Subheading
            : code.Length >= 4 && _code!.Length >= 4 && string.CompareOrdinal(code, 0, _code, 0, 4) == 0 ? ProductFit.Heading
            : ProductFit.Chapter;

        private bool Eligible(int firm) =>
            firm != _buyer && _snap.Nodes[firm] is Firm f && _snap.FirmCountry[firm] == _snap.DomesticCountry
            && (_provinceTest is null || _provinceTest(f, firm));

        /// <summary>What scoring a candidate found: whether the rules keep it, the parts and score, and what the reasons say.</summary>
        private readonly record struct Evaluation(
            bool Ok, double Score, SourcingScoreParts Parts, double? Distance, double? ProcessFit, double? CapacityFit, FirmProduct? Made,
            int OtherBuyers, int ByProduct, bool SuppliesBuyer, int Missing);

        /// <summary>
        /// A candidate under the item's rules and its score; without proven supply (0 points for it, the firm's links not
        /// read) when asked. The certificates met and missing go to the lists when given.
        /// </summary>
        private Evaluation Evaluate(int firm, ProductFit fit, int product, bool withProven, List<string>? met, List<string>? missing)
        {
            var f = (Firm)_snap.Nodes[firm]!;
            var item = _request.Item;
            var profile = f.Capabilities;
            FirmProduct? made = null;
            if (product >= 0 && profile is not null)
            {
                var id = _snap.Nodes[product]!.Id;
                foreach (var p in profile.Products)
                {
                    if (p.ProductId == id)
                    {
                        made = p;
                        break;
                    }
                }
            }
            var metCount = 0;
            var missingCount = 0;
            foreach (var standard in item.RequiredStandardIds)
            {
                var holds = false;
                if (profile is not null)
                {
                    foreach (var c in profile.Certifications)
                    {
                        if (c.StandardId == standard && c.ValidOn(_request.AsOf))
                        {
                            holds = true;
                            break;
                        }
                    }
                }
                if (holds)
                {
                    metCount++;
                    met?.Add(standard);
                }
                else
                {
                    missingCount++;
                    missing?.Add(standard);
                }
            }
            if (missingCount > 0 && !_request.IncludePartial)
            {
                return default;
            }
            double? distance = null;
            if (_buyerPlace is { } b && _locator.Of(firm) is { } at)
            {
                distance = Math.Round(LocalizationScoring.DistanceKm(at.Lat, at.Lng, b.Lat, b.Lng), 1, MidpointRounding.AwayFromZero);
            }
            if (item.MaxDistanceKm is { } max && !(distance <= max))
            {
                return default;
            }
            double? processFit = null;
            if (item.RequiredProcessIds.Count > 0)
            {
                var runs = 0;
                foreach (var required in item.RequiredProcessIds)
                {
                    if (profile is not null)
                    {
                        foreach (var x in profile.Processes)
                        {
                            if (x.ProcessId == required)
                            {
                                runs++;
                                break;
                            }
                        }
                    }
                }
                processFit = Math.Round(runs / (double)item.RequiredProcessIds.Count, 4, MidpointRounding.AwayFromZero);
            }
            var (otherBuyers, byProduct, suppliesBuyer) = withProven ? Supplies(firm) : (0, 0, false);
            double? capacityFit = made?.AnnualCapacity is { } capacity && item.AnnualQuantity is { } quantity && made.Unit is { } unit && item.Unit is { } wanted
                && string.Equals(unit.Trim(), wanted.Trim(), StringComparison.OrdinalIgnoreCase)
                ? Math.Round(Math.Min(1, capacity / quantity), 4, MidpointRounding.AwayFromZero)
                : null;
            var parts = new SourcingScoreParts(
                Round(SourcingScoring.ProductPoints * SourcingScoring.ProductWeight(fit)),
                Round(SourcingScoring.ProcessPoints * (processFit ?? 1)),
                Round(SourcingScoring.CertificationPoints * (item.RequiredStandardIds.Count == 0 ? 1 : metCount / (double)item.RequiredStandardIds.Count)),
                Round(otherBuyers > 0 ? SourcingScoring.ProvenPoints : 0),
                Round(distance is { } km ? SourcingScoring.DistancePoints * LocalizationScoring.Proximity(km) : 0),
                Round(SourcingScoring.CapacityPoints * (capacityFit ?? 0.5)),
                Round(made?.Verified == true ? SourcingScoring.VerifiedPoints : 0));
            return new Evaluation(true, ScoreOf(parts, missingCount), parts, distance, processFit, capacityFit, made, otherBuyers, byProduct, suppliesBuyer, missingCount);
        }

        /// <summary>The score of its parts, less the points of the certificates it lacks, never below 0.</summary>
        private static double ScoreOf(SourcingScoreParts parts, int missing) =>
            Round(Math.Max(0, parts.Product + parts.Processes + parts.Certifications + parts.ProvenSupply + parts.Distance + parts.Capacity + parts.Verified
                - (SourcingScoring.MissingCertificatePenalty * missing)));

        /// <summary>A candidate's match under the item's rules, or null when a rule leaves it out; reasons in words only when asked.</summary>
        private SourcingMatch? Judge(int firm, (ProductFit Fit, int Product) fit, bool reasons = false)
        {
            var met = new List<string>();
            var missing = new List<string>();
            var e = Evaluate(firm, fit.Fit, fit.Product, withProven: true, met, missing);
            if (!e.Ok)
            {
                return null;
            }
            var f = (Firm)_snap.Nodes[firm]!;
            return new SourcingMatch(
                f.Id, e.Score, fit.Fit, fit.Product >= 0 ? _snap.Nodes[fit.Product]!.Id : null, e.ProcessFit, met, missing, e.OtherBuyers > 0, e.SuppliesBuyer, e.Distance,
                e.CapacityFit, e.Parts,
                reasons ? Reasons(f, fit, e.Made, met, missing, e.ProcessFit, e.OtherBuyers, e.ByProduct, e.SuppliesBuyer, e.Distance, e.CapacityFit) : []);
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
