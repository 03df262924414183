using Ecosystem.Api.Auth;
using Ecosystem.Api.Firms;
using Ecosystem.Api.Loading;
using Ecosystem.Api.Paging;
using Ecosystem.Api.Provinces;
using Ecosystem.Api.Schema;
using Ecosystem.Api.SupplyLinks;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Types;

namespace Ecosystem.Api.SupplyChains;

public enum SupplyDirection
{
    Upstream = 1,
    Downstream,
}

public sealed class SupplyDirectionType() : DescribedEnumType<SupplyDirection>("SupplyDirection", "Which way to walk supply links.", new Dictionary<SupplyDirection, string>
{
    [SupplyDirection.Upstream] = "Towards suppliers, their suppliers, and so on.",
    [SupplyDirection.Downstream] = "Towards customers, their customers, and so on.",
});

/// <summary>A walk from one firm with its values grouped by the country and the (current) province of the firms reached.</summary>
public sealed record SupplyChain(Firm Root, TraversalResult Walk, IReadOnlyList<CountryValue> ByCountry, IReadOnlyList<ProvinceValue> ByProvince);

public sealed record CountryValue(string Country, double ValueUsd, double Share);

/// <summary>Store value groups made into country and province values; former provinces roll up to the one in force on a date.</summary>
public static class ValueGroups
{
    public static IReadOnlyList<CountryValue> ByCountry(IReadOnlyList<GroupValue> groups, double total) =>
        [.. groups.Select(g => new CountryValue(g.Key, g.ValueUsd, total > 0 ? g.ValueUsd / total : 0))];

    public static IReadOnlyList<ProvinceValue> ByProvince(Graph.Rules.ProvinceDirectory directory, IReadOnlyList<GroupValue> groups, DateOnly asOf, double total) =>
        [.. groups
            .Select(g => (Province: directory.ById(g.Key), g.ValueUsd))
            .Where(g => g.Province is not null)
            .GroupBy(g => directory.RollUp(g.Province!, asOf))
            .Select(g => new ProvinceValue(g.Key, g.Sum(x => x.ValueUsd), total > 0 ? g.Sum(x => x.ValueUsd) / total : 0))
            .OrderByDescending(p => p.ValueUsd).ThenBy(p => p.Province.Code, StringComparer.Ordinal)];
}

public sealed record ProvinceValue(Province Province, double ValueUsd, double Share);

public sealed class SupplyChainType : ObjectGraphType<SupplyChain>
{
    public SupplyChainType()
    {
        Name = "SupplyChain";
        Description = "The firms within some tiers of a firm, upstream (suppliers) or downstream (customers), each at its shortest depth; cycles are safe.";
        Field<NonNullGraphType<FirmType>>("root").Description("The firm the walk starts from (not counted in firmCount).").Resolve(c => c.Source.Root);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SupplyTierType>>>>("tiers")
            .Description("Tier 1 (direct suppliers or customers), tier 2, and so on.")
            .Argument<IntGraphType>("depth", "Only this tier (to page its firms with a cursor of its own).")
            .Resolve(c => c.GetArgument<int?>("depth") is { } depth ? c.Source.Walk.Tiers.Where(t => t.Depth == depth) : c.Source.Walk.Tiers);
        Field<NonNullGraphType<IntGraphType>>("firmCount").Description("Firms reached, the root excluded.").Resolve(c => c.Source.Walk.FirmCount);
        Field<NonNullGraphType<IntGraphType>>("linkCount").Description("Supply links that reach them (every link from a tier to the firms first found in the next).").Resolve(c => c.Source.Walk.LinkCount);
        Field<ListGraphType<NonNullGraphType<CountryValueType>>>("byCountry").Description("The known value of the chain's links by the country of the firm each reaches, largest first.").Restricted().Resolve(c => c.Source.ByCountry);
        Field<ListGraphType<NonNullGraphType<ProvinceValueType>>>("byProvince").Description("The same by province, former provinces rolled up to the province in force on the filter's date; firms abroad are left out.").Restricted().Resolve(c => c.Source.ByProvince);
        Field<NonNullGraphType<BooleanGraphType>>("truncated").Description("True when the chain was bigger than the server's cap and was cut after the last whole tier that fits.").Resolve(c => c.Source.Walk.Truncated);
    }
}

public sealed class SupplyTierType : ObjectGraphType<TraversalTier>
{
    public SupplyTierType()
    {
        Name = "SupplyTier";
        Description = "The firms first reached at one depth, and the links that reach them.";
        Field<NonNullGraphType<IntGraphType>>("depth").Description("1 for direct suppliers or customers.").Resolve(c => c.Source.Depth);
        Field<NonNullGraphType<ConnectionType<FirmType, Firm>>>("firms")
            .Description("The firms of the tier, in the order the walk found them.")
            .ForwardPaging()
            .Resolve(c =>
            {
                var page = PositionPager.Page(c.Source.FirmIds, c.PageRequest());
                return c.Loaders().Nodes.LoadMany([.. page.Edges.Select(e => e.Node)]).Then(nodes =>
                    new Connection<Firm>([.. page.Edges.Select((e, i) => new Edge<Firm>((Firm)nodes[i]!, e.Cursor))], page.TotalCount, page.PageInfo));
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SupplyLinkType>>>>("links").Description("Every link from the previous tier to a firm of this one.").Resolve(c => c.Source.Links);
        Field<FloatGraphType>("totalValueUsd").Description("Sum of the known yearly values of those links, in USD." + Localization.Disclosed.NoisyNote)
            .Resolve(c =>
            {
                if (Localization.Disclosed.SeesValues(c))
                {
                    return c.Source.TotalValueUsd;
                }
                var published = new PublishableValue.Builder(c.Loaders().Noise);
                foreach (var link in c.Source.Links)
                {
                    published.Add(link.BuyerId, link.SupplierId, link.ValueUsd ?? double.NaN);
                }
                return Localization.Disclosed.Published(c, published.Build(), c.Source.TotalValueUsd);
            });
    }
}

public sealed class CountryValueType : ObjectGraphType<CountryValue>
{
    public CountryValueType()
    {
        Name = "CountryValue";
        Description = "A value by country.";
        Field<NonNullGraphType<StringGraphType>>("country").Description("ISO 3166-1 alpha-2.").Resolve(c => c.Source.Country);
        Field<NonNullGraphType<FloatGraphType>>("valueUsd").Description("Yearly value in USD.").Resolve(c => c.Source.ValueUsd);
        Field<NonNullGraphType<FloatGraphType>>("share").Description("Share of the known value this is part of (the whole chain, the input sector, what a cluster buys from outside), 0 to 1.").Resolve(c => c.Source.Share);
    }
}

public sealed class ProvinceValueType : ObjectGraphType<ProvinceValue>
{
    public ProvinceValueType()
    {
        Name = "ProvinceValue";
        Description = "A value by province.";
        Field<NonNullGraphType<ProvinceType>>("province").Description("The province (in force on the date the values are for).").Resolve(c => c.Source.Province);
        Field<NonNullGraphType<FloatGraphType>>("valueUsd").Description("Yearly value in USD.").Resolve(c => c.Source.ValueUsd);
        Field<NonNullGraphType<FloatGraphType>>("share").Description("Share of the whole chain's known value, 0 to 1.").Resolve(c => c.Source.Share);
    }
}
