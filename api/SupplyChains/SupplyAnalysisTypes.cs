using Ecosystem.Api.Firms;
using Ecosystem.Api.Schema;
using Ecosystem.Api.SupplyLinks;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Types;

namespace Ecosystem.Api.SupplyChains;

public sealed class SupplyPathType : ObjectGraphType<SupplyPath>
{
    public SupplyPathType()
    {
        Name = "SupplyPath";
        Description = "A chain of supply links from a supplier down to a buyer.";
        Field<NonNullGraphType<IntGraphType>>("length").Description("Number of links.").Resolve(c => c.Source.Length);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FirmType>>>>("firms").Description("The firms in order, the supplier first and the buyer last.").ResolveNodes<SupplyPath, Firm>(p => p.FirmIds);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SupplyLinkType>>>>("links").Description("The link of each hop (the most valuable one where two firms have several).").Resolve(c => c.Source.Links);
    }
}

public sealed class CommonSupplierType : ObjectGraphType<CommonSupplier>
{
    public CommonSupplierType()
    {
        Name = "CommonSupplier";
        Description = "A supplier shared by all the firms asked about.";
        Field<NonNullGraphType<FirmType>>("firm").Description("The supplier.").ResolveNode<CommonSupplier, Firm>(s => s.FirmId);
        Field<NonNullGraphType<IntGraphType>>("depth").Description("The largest of its shortest depths below the firms (1: a direct supplier of every one).").Resolve(c => c.Source.Depth);
    }
}

public sealed class CriticalSupplierType : ObjectGraphType<CriticalSupplier>
{
    public CriticalSupplierType()
    {
        Name = "CriticalSupplier";
        Description = "A supplier whose loss would cut a firm off from part of its upstream value: every path that value takes to the firm passes through it.";
        Field<NonNullGraphType<FirmType>>("firm").Description("The supplier.").ResolveNode<CriticalSupplier, Firm>(s => s.FirmId);
        Field<NonNullGraphType<FloatGraphType>>("share").Description("That value as a share of the known value of all the chain's links, 0 to 1.").Resolve(c => c.Source.Share);
        Field<NonNullGraphType<FloatGraphType>>("valueUsd").Description("The known yearly value of the chain's links that would be cut off, in USD.").Resolve(c => c.Source.ValueUsd);
    }
}

/// <summary>What a disruption knocks out; the sets combine with "or".</summary>
public sealed record DisruptionInput
{
    public IReadOnlyList<string>? Firms { get; init; }

    public IReadOnlyList<string>? Provinces { get; init; }

    public IReadOnlyList<string>? Countries { get; init; }
}

public sealed class DisruptionInputType : InputObjectGraphType<DisruptionInput>
{
    public DisruptionInputType()
    {
        Name = "DisruptionInput";
        Description = "Firms knocked out: these firms, every firm recorded in these provinces, every firm in these countries. At least one is needed.";
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("firms").Description("Firm ids.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("provinces").Description("Provinces by code, name or id, old or new, as of today; a current province takes in the former ones merged into it.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("countries").Description("Countries (ISO alpha-2).");
    }
}

public sealed record DisruptionImpact(IReadOnlyList<AffectedFirm> Affected);

public sealed class DisruptionImpactType : ObjectGraphType<DisruptionImpact>
{
    public DisruptionImpactType()
    {
        Name = "DisruptionImpact";
        Description = "Who loses inputs in a disruption.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AffectedFirmType>>>>("affected")
            .Description("The lead firms that lose first-tier inputs (valid today), the largest lost share first.")
            .Argument<IntGraphType>("first", "At most this many (default 100, at most the page-size limit).", a => a.DefaultValue = 100)
            .Resolve(c => c.Source.Affected.Take(Math.Max(0, c.GetArgument("first", 100))));
    }
}

public sealed class AffectedFirmType : ObjectGraphType<AffectedFirm>
{
    public AffectedFirmType()
    {
        Name = "AffectedFirm";
        Description = "A lead firm that loses first-tier inputs.";
        Field<NonNullGraphType<FirmType>>("firm").Description("The lead firm.").ResolveNode<AffectedFirm, Firm>(a => a.FirmId);
        Field<NonNullGraphType<FloatGraphType>>("lostValueUsd").Description("Known yearly value of the first-tier inputs lost, in USD.").Resolve(c => c.Source.LostValueUsd);
        Field<NonNullGraphType<FloatGraphType>>("lostShare").Description("That value as a share of all its first-tier inputs of known value, 0 to 1.").Resolve(c => c.Source.LostShare);
    }
}
