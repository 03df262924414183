using Ecosystem.Api.Auth;
using Ecosystem.Api.Schema;
using Ecosystem.Graph.Store;
using GraphQL.Types;

namespace Ecosystem.Api.SupplyLinks;

/// <summary>Which supply links a read or a walk follows; links valid today unless <see cref="AsOf"/> says otherwise.</summary>
public sealed record SupplyLinkFilter
{
    public IReadOnlyList<string>? Sectors { get; init; }

    public IReadOnlyList<string>? Countries { get; init; }

    public bool? DomesticOnly { get; init; }

    public double? MinValueUsd { get; init; }

    public DateOnly? AsOf { get; init; }

    public double? MinConfidence { get; init; }

    /// <summary>The filter, refused (FORBIDDEN) when it filters on values and the caller may not see them: values cannot leak through a filter.</summary>
    public SupplyLinkFilter Checked(GraphQL.IResolveFieldContext context)
    {
        if (MinValueUsd is not null)
        {
            context.Require(Role.Analyst, "where.minValueUsd");
        }
        return this;
    }

    /// <summary>The store filter, with the sectors already resolved to ids by the caller and the date defaulted.</summary>
    public LinkFilter ToLinkFilter(IReadOnlyList<string>? sectorIds, DateOnly today) => new()
    {
        SectorIds = sectorIds,
        Countries = Countries,
        DomesticOnly = DomesticOnly ?? false,
        MinValueUsd = MinValueUsd,
        AsOf = AsOf ?? today,
        MinConfidence = MinConfidence,
    };
}

public sealed class SupplyLinkFilterInput : InputObjectGraphType<SupplyLinkFilter>
{
    public SupplyLinkFilterInput()
    {
        Name = "SupplyLinkFilter";
        Description = "Which supply links to follow. Fields combine with AND; links valid today unless asOf is given.";
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("sectors").Description("Links of any of these sectors or their descendants (VSIC 2025 codes at any level, or \"ISIC4:\" prefixed).");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("countries").Description("Links whose other firm operates in one of these countries (ISO alpha-2).");
        Field<BooleanGraphType>("domesticOnly").Description("Only links whose other firm operates in Vietnam.");
        Field<FloatGraphType>("minValueUsd").Description("Only links worth at least this many USD a year (links of unknown value are left out). Needs the analyst role (FORBIDDEN otherwise).");
        Field<DateType>("asOf").Description("Only links that hold on this date (default: today in Vietnam).");
        Field<FloatGraphType>("minConfidence").Description("Only links with at least this confidence.");
    }
}
