using Ecosystem.Api.Loading;
using Ecosystem.Api.Provinces;
using Ecosystem.Api.Schema;
using Ecosystem.Api.Sectors;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL.Types;

namespace Ecosystem.Api.Parks;

/// <summary>Which parks a listing returns; members combine with "and", lists mean "any of".</summary>
public sealed record ParkFilter
{
    public string? Name { get; init; }

    public IReadOnlyList<ParkKind>? Kind { get; init; }

    public string? Province { get; init; }

    public string? Ward { get; init; }

    public bool? Unplaced { get; init; }

    public IReadOnlyList<ParkStatus>? Status { get; init; }

    public string? PrioritySector { get; init; }

    public double? MinAvailableAreaHa { get; init; }

    public async Task<NodeFilter> ToNodeFilterAsync(IGraphStore store, RequestView view, CancellationToken cancellationToken) => new()
    {
        NameContains = Name,
        ParkKinds = Kind,
        ProvinceIds = Province is null ? null : await view.ProvinceScopeAsync(Province, view.Today, cancellationToken).ConfigureAwait(false),
        WardIds = Ward is null ? null : await RequestView.WardScopeAsync(store, Ward, view.Today, cancellationToken).ConfigureAwait(false),
        Unplaced = Unplaced,
        ParkStatuses = Status,
        PrioritySectorIds = PrioritySector is null ? null : await SectorCodes.ResolveAsync(store, [PrioritySector], cancellationToken).ConfigureAwait(false),
        MinAvailableAreaHa = MinAvailableAreaHa,
    };
}

public sealed class ParkFilterInput : InputObjectGraphType<ParkFilter>
{
    public ParkFilterInput()
    {
        Name = "ParkFilter";
        Description = "Which parks to list. Fields combine with AND; list fields match any of their values.";
        Field<StringGraphType>("name").Description("Part of the name, folded (\"dinh vu\" finds \"Đình Vũ\").");
        Field<ListGraphType<NonNullGraphType<ParkKindType>>>("kind").Description("Any of these kinds.");
        Field<StringGraphType>("province").Description("A province by code, name or id, old or new, as of today; a current province includes the former ones merged into it; a former province also takes in its successor's parks placed in it (see Park.placement).");
        Field<StringGraphType>("ward").Description("A ward by code (the unit in force with it, else the former one) or id: parks recorded in it.");
        Field<BooleanGraphType>("unplaced").Description("true: only parks the placement rules could not place in the pre-2025 map (see Placement); false: only the others.");
        Field<ListGraphType<NonNullGraphType<ParkStatusType>>>("status").Description("Any of these statuses.");
        Field<StringGraphType>("prioritySector").Description("Parks that prioritise this sector or one of its descendants (VSIC 2025 code at any level).");
        Field<FloatGraphType>("minAvailableAreaHa").Description("Parks with at least this much industrial land not yet leased (parks where it is unknown are left out).");
    }
}

public enum ParkOrderField
{
    Name = SortField.Name,
    TotalAreaHa = SortField.TotalAreaHa,
    AvailableAreaHa = SortField.AvailableAreaHa,
    Id = SortField.Id,
}

public sealed class ParkOrderFieldType() : DescribedEnumType<ParkOrderField>("ParkOrderField", "What parks can be sorted by.", new Dictionary<ParkOrderField, string>
{
    [ParkOrderField.Name] = "Folded name (the default).",
    [ParkOrderField.TotalAreaHa] = "Total area; unknown areas last.",
    [ParkOrderField.AvailableAreaHa] = "Industrial land not yet leased; unknown last.",
    [ParkOrderField.Id] = "Global id.",
});

public sealed class ParkOrderInput() : SortKeyInput<ParkOrderField, ParkOrderFieldType>("ParkOrder", "parks");
