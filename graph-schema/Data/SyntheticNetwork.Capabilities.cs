using System.Globalization;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Graph.Data;

/// <summary>
/// Synthetic profiles, HS codes on links and sourcing requests, consistent with the firms' sectors and links, all labelled
/// synthetic. Drawn from a random stream of their own, so the firms and links are the same as without them.
/// </summary>
public partial class SyntheticNetwork
{
    /// <summary>
    /// Share of domestic suppliers holding ISO 9001: the share of supporting-industry firms that supply multinationals
    /// (about 800 of about 5,000 in 2023, Vietnam Industry Agency, MOIT, reported by SGGP; si_statistics.csv), ISO 9001
    /// being the entry requirement of FDI buyers' supplier questionnaires. A proxy, not a count of certificates.
    /// </summary>
    public const double Iso9001Share = 800.0 / 5000;

    /// <summary>Share of domestic suppliers in automotive divisions (22, 27-30) holding IATF 16949: an assumption (no cited count); the trade press says they rarely hold it.</summary>
    public const double Iatf16949Share = 0.03;

    /// <summary>Share of domestic suppliers holding ISO 14001: an assumption (no cited count).</summary>
    public const double Iso14001Share = 0.06;

    /// <summary>Share of FDI lead firms that post a sourcing request for parts they buy abroad: an assumption.</summary>
    public const double RequestShare = 0.15;

    private static readonly HashSet<string> AutomotiveDivisions = ["22", "27", "28", "29", "30"];

    /// <summary>The processes firms of a division run (codes of seed/data/curated/processes.csv).</summary>
    private static readonly Dictionary<string, string[]> ProcessesByDivision = new(StringComparer.Ordinal)
    {
        ["13"] = ["weaving", "knitting", "dyeing"],
        ["14"] = ["sewing", "knitting"],
        ["15"] = ["leather-tanning", "sewing"],
        ["17"] = ["packaging-printing"],
        ["18"] = ["packaging-printing"],
        ["22"] = ["plastic-injection", "plastic-extrusion", "blow-moulding", "rubber-moulding", "composite-moulding"],
        ["24"] = ["sand-casting", "forging", "heat-treatment"],
        ["25"] = ["stamping", "machining", "sheet-metal", "welding", "surface-treatment", "plating", "powder-coating", "mould-making"],
        ["26"] = ["pcb-assembly", "mechanical-assembly"],
        ["27"] = ["wire-harness", "mechanical-assembly", "stamping"],
        ["28"] = ["machining", "mould-making", "die-casting", "heat-treatment", "welding"],
        ["29"] = ["stamping", "die-casting", "welding", "wire-harness", "plastic-injection", "machining"],
        ["30"] = ["machining", "welding", "forging", "die-casting"],
    };

    /// <summary>HS 2022 subheadings by the VSIC division of their primary ISIC class (VSIC and ISIC share division codes).</summary>
    private static Dictionary<string, string[]> ProductsByDivision(IReadOnlyCollection<Node> reference) =>
        reference.OfType<Product>().Where(p => p.Level == ProductLevel.Subheading)
            .Select(p => (p.Id, Primary: p.Sectors.FirstOrDefault(s => s.Primary)?.SectorId))
            .Where(x => x.Primary is not null)
            .Select(x => (x.Id, Code: NodeIds.Local(x.Primary!)[(NodeIds.Local(x.Primary!).LastIndexOf(':') + 1)..]))
            .Where(x => x.Code.Length >= 2)
            .GroupBy(x => x.Code[..2], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Id).Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);

    /// <summary>Each firm's products: one or two subheadings of its division (none when the division has none).</summary>
    private static string[][] MakeProducts(SplitMix64 rng, Roster roster, Dictionary<string, string[]> byDivision)
    {
        var products = new string[roster.Firms.Length][];
        for (var i = 0; i < products.Length; i++)
        {
            if (!byDivision.TryGetValue(roster.Division[i], out var list) || list.Length == 0)
            {
                products[i] = [];
                continue;
            }
            var first = list[(int)(list.Length * Math.Pow(rng.NextDouble(), 2))];
            var second = rng.NextDouble() < 0.35 ? list[rng.NextInt(list.Length)] : first;
            products[i] = second == first ? [first] : [first, second];
        }
        return products;
    }

    /// <summary>Profiles for the firms in Vietnam (employees, founded year, products, processes, certificates, export markets).</summary>
    private static void AddProfiles(SplitMix64 rng, Roster roster, string[][] products, IReadOnlyList<string> cite)
    {
        var firms = roster.Firms;
        for (var i = 0; i < firms.Length; i++)
        {
            var firm = firms[i];
            if (firm.Country != "VN")
            {
                continue;
            }
            var employees = firm.Size switch
            {
                FirmSize.Micro => 1 + rng.NextInt(10),
                FirmSize.Small => 10 + rng.NextInt(90),
                FirmSize.Medium => 100 + rng.NextInt(101),
                _ => 201 + (int)Math.Exp(5 + (2 * rng.NextDouble())),
            };
            var founded = 1990 + rng.NextInt(33);
            var division = roster.Division[i];
            var made = products[i].Select(p => new FirmProduct(p, null, Math.Round(Math.Exp(9 + (2.5 * rng.NextDouble()))), "pcs", false, cite)).ToList();
            var processes = new List<FirmProcess>();
            if (ProcessesByDivision.TryGetValue(division, out var catalogue))
            {
                var a = catalogue[rng.NextInt(catalogue.Length)];
                processes.Add(new FirmProcess(ReferenceData.ProcessId(a), null, false, cite));
                if (rng.NextDouble() < 0.4 && catalogue[rng.NextInt(catalogue.Length)] is var b && b != a)
                {
                    processes.Add(new FirmProcess(ReferenceData.ProcessId(b), null, false, cite));
                }
            }
            var isLead = firm.Roles.Contains(FirmRole.LeadFirm);
            var certificates = new List<FirmCertification>();
            void Certify(string code)
            {
                var issued = new DateOnly(2019, 1, 1).AddDays(rng.NextInt(6 * 365));
                certificates.Add(new FirmCertification(ReferenceData.StandardId(code), $"SYN-{NodeIds.Local(firm.Id)}-{certificates.Count + 1}", "Synthetic certification body",
                    issued, issued.AddYears(3).AddDays(-1), false, cite));
            }
            if (isLead || rng.NextDouble() < Iso9001Share)
            {
                Certify("ISO 9001");
            }
            if (AutomotiveDivisions.Contains(division) && (isLead ? rng.NextDouble() < 0.8 : rng.NextDouble() < Iatf16949Share))
            {
                Certify("IATF 16949");
            }
            if (rng.NextDouble() < (isLead ? 0.7 : Iso14001Share))
            {
                Certify("ISO 14001");
            }
            var markets = rng.NextDouble() < (isLead ? 0.9 : 0.15) ? new[] { new ExportMarket(ForeignCountries[rng.NextInt(ForeignCountries.Length)].Country, false, cite) } : [];
            firms[i] = firm with
            {
                Employees = employees,
                FoundedYear = founded,
                Capabilities = new FirmCapabilities { Products = made, Processes = processes, Certifications = certificates, ExportMarkets = markets },
            };
        }
    }

    /// <summary>
    /// Sourcing requests of some FDI lead firms: the products they buy abroad (their links from foreign suppliers, by
    /// HS code), up to five items each, with the certificate their division asks for.
    /// </summary>
    private static List<SourcingRequest> MakeRequests(SplitMix64 rng, Roster roster, List<SupplyLink> links, IReadOnlyList<string> cite)
    {
        var requests = new List<SourcingRequest>();
        var byBuyer = new Dictionary<string, List<SupplyLink>>(StringComparer.Ordinal);
        foreach (var link in links)
        {
            if (link.HsProductId is not null && IndexOf(link.BuyerId) is var b && roster.Firms[b].Roles.Contains(FirmRole.LeadFirm)
                && roster.Firms[b].Ownership is Ownership.Fdi or Ownership.JointVenture && roster.Firms[IndexOf(link.SupplierId)].Country != "VN")
            {
                if (!byBuyer.TryGetValue(link.BuyerId, out var list))
                {
                    byBuyer[link.BuyerId] = list = [];
                }
                list.Add(link);
            }
        }
        foreach (var (buyerId, bought) in byBuyer.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (rng.NextDouble() >= RequestShare)
            {
                continue;
            }
            var buyer = roster.Firms[IndexOf(buyerId)];
            var automotive = AutomotiveDivisions.Contains(roster.Division[IndexOf(buyerId)]);
            var items = bought.Select(l => l.HsProductId!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(5).Select((product, k) => new SourcingItem
            {
                Key = (k + 1).ToString(CultureInfo.InvariantCulture),
                ProductId = product,
                Description = $"Part {k + 1} bought abroad (synthetic)",
                AnnualQuantity = Math.Round(Math.Exp(8 + (3 * rng.NextDouble()))),
                Unit = "pcs",
                RequiredStandardIds = automotive ? [ReferenceData.StandardId("IATF 16949")] : rng.NextDouble() < 0.5 ? [ReferenceData.StandardId("ISO 9001")] : [],
                MaxDistanceKm = rng.NextDouble() < 0.3 ? 150 : null,
            }).ToList();
            var posted = new DateOnly(2025, 7, 1).AddDays(rng.NextInt(500));
            requests.Add(new SourcingRequest
            {
                Id = NodeIds.Make(NodeKind.SourcingRequest, NodeIds.Local(buyerId)),
                Name = $"Parts bought abroad by {buyer.Name}",
                BuyerId = buyerId,
                PostedOn = posted,
                NeededBy = posted.AddDays(180 + rng.NextInt(365)),
                Status = rng.NextDouble() < 0.8 ? SourcingStatus.Open : SourcingStatus.Closed,
                Items = items,
                Sources = cite,
            });
        }
        return requests;
    }

    /// <summary>The index of a synthetic firm from its id ("firm:syn-0000042" is 42).</summary>
    private static int IndexOf(string firmId) => int.Parse(firmId.AsSpan(9), NumberStyles.None, CultureInfo.InvariantCulture);
}
