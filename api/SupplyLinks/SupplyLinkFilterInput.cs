using Ecosystem.Api.Schema;
using Ecosystem.Graph.Store;
using GraphQL.Types;

namespace Ecosystem.Api.SupplyLinks;

/// <summary>Which supply links a firm's suppliers or customers field returns.</summary>
public sealed record SupplyLinkFilter
{
    public string? Sector { get; init; }

    public IReadOnlyList<string>? Country { get; init; }

    public bool? DomesticOnly { get; init; }

    public double? MinValueUsd { get; init; }

    public DateOnly? AsOf { get; init; }

    public double? MinConfidence { get; init; }

    /// <summary>The store filter, with the sector already resolved to ids by the caller.</summary>
    public LinkFilter ToLinkFilter(IReadOnlyList<string>? sectorIds) => new()
    {
        SectorIds = sectorIds,
        Countries = Country,
        DomesticOnly = DomesticOnly ?? false,
        MinValueUsd = MinValueUsd,
        AsOf = AsOf,
        MinConfidence = MinConfidence,
    };
}

public sealed class SupplyLinkFilterInput : InputObjectGraphType<SupplyLinkFilter>
{
    public SupplyLinkFilterInput()
    {
        Name = "SupplyLinkFilter";
        Description = "Which supply links to follow. Fields combine with AND.";
        Field<StringGraphType>("sector").Description("Links of this sector or its descendants (VSIC 2025 code, or \"ISIC4:\" prefixed).");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("country").Description("Links whose other firm operates in one of these countries (ISO alpha-2).");
        Field<BooleanGraphType>("domesticOnly").Description("Only links whose other firm operates in Vietnam.");
        Field<FloatGraphType>("minValueUsd").Description("Only links worth at least this many USD a year (links of unknown value are left out).");
        Field<DateType>("asOf").Description("Only links that hold on this date.");
        Field<FloatGraphType>("minConfidence").Description("Only links with at least this confidence.");
    }
}
