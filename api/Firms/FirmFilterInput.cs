using Ecosystem.Api.Loading;
using Ecosystem.Api.Provinces;
using Ecosystem.Api.Schema;
using Ecosystem.Api.Sectors;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL.Types;

namespace Ecosystem.Api.Firms;

/// <summary>Which firms a listing returns; members combine with "and", lists mean "any of".</summary>
public sealed record FirmFilter
{
    public string? Name { get; init; }

    public string? Province { get; init; }

    public string? Ward { get; init; }

    public bool? Unplaced { get; init; }

    public string? Park { get; init; }

    public string? Sector { get; init; }

    public IReadOnlyList<Ownership>? Ownership { get; init; }

    public IReadOnlyList<string>? Country { get; init; }

    public IReadOnlyList<FirmRole>? Role { get; init; }

    public string? Alliance { get; init; }

    /// <summary>The store filter, with province and sector references resolved (NOT_FOUND when one matches nothing).</summary>
    public async Task<NodeFilter> ToNodeFilterAsync(IGraphStore store, RequestView view, CancellationToken cancellationToken) => new()
    {
        NameContains = Name,
        ProvinceIds = Province is null ? null : await view.ProvinceScopeAsync(Province, view.Today, cancellationToken).ConfigureAwait(false),
        WardIds = Ward is null ? null : await RequestView.WardScopeAsync(store, Ward, view.Today, cancellationToken).ConfigureAwait(false),
        Unplaced = Unplaced,
        ParkIds = Park is null ? null : [Park],
        SectorIds = Sector is null ? null : await SectorCodes.ResolveAsync(store, [Sector], cancellationToken).ConfigureAwait(false),
        Ownerships = Ownership,
        Countries = Country,
        Roles = Role,
        AllianceIds = Alliance is null ? null : [Alliance],
    };
}

public sealed class FirmFilterInput : InputObjectGraphType<FirmFilter>
{
    public FirmFilterInput()
    {
        Name = "FirmFilter";
        Description = "Which firms to list. Fields combine with AND; list fields match any of their values.";
        Field<StringGraphType>("name").Description("Part of the name, folded: \"nhua\" finds \"Nhựa\", \"dinh vu\" finds \"Đình Vũ\".");
        Field<StringGraphType>("province").Description("A province by code, name or id, old or new, resolved as of today: a current province includes the former provinces merged into it (\"Hải Phòng\" includes firms recorded in Hải Dương); a former province (\"Hải Dương\") its firms: those recorded in it and those of its successor placed in it by ward or coordinates (see Firm.placement; the connection's unplaced lists the successor's firms no rule could place).");
        Field<StringGraphType>("ward").Description("A ward by code (the unit in force with it, else the former one) or id: firms recorded in it.");
        Field<BooleanGraphType>("unplaced").Description("true: only firms the placement rules could not place in the pre-2025 map (see Placement); false: only the others.");
        Field<IdGraphType>("park").Description("Firms located in this park (id).");
        Field<StringGraphType>("sector").Description("A sector code at any level, VSIC 2025 by default (\"C\", \"26\", \"2630\") or ISIC Rev.4 with a prefix (\"ISIC4:2610\"); includes its descendants.");
        Field<ListGraphType<NonNullGraphType<OwnershipType>>>("ownership").Description("Any of these ownerships.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("country").Description("Any of these countries where the firm operates (ISO 3166-1 alpha-2, \"VN\" for domestic).");
        Field<ListGraphType<NonNullGraphType<FirmRoleType>>>("role").Description("Firms with any of these roles.");
        Field<IdGraphType>("alliance").Description("Members of this alliance (id).");
    }
}

public enum FirmOrderField
{
    Name = SortField.Name,
    Country = SortField.Country,
    Id = SortField.Id,
}

public sealed class FirmOrderFieldType() : DescribedEnumType<FirmOrderField>("FirmOrderField", "What firms can be sorted by.", new Dictionary<FirmOrderField, string>
{
    [FirmOrderField.Name] = "Folded name (the default).",
    [FirmOrderField.Country] = "Country code.",
    [FirmOrderField.Id] = "Global id.",
});

public sealed class FirmOrderInput() : SortKeyInput<FirmOrderField, FirmOrderFieldType>("FirmOrder", "firms");
