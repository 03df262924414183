using Ecosystem.Api.Firms;
using Ecosystem.Api.Parks;
using Ecosystem.Api.Schema;
using GraphQL.Types;

namespace Ecosystem.Api.Mutations;

/// <summary>The import's firm columns in camelCase.</summary>
public sealed class UpsertFirmInputType : InputObjectGraphType
{
    public UpsertFirmInputType()
    {
        Name = "UpsertFirmInput";
        Description = "A firm as the import's firms file has it. Every value replaces the firm's (what is left out is cleared); size, alliances, revenue and notes stay as they were.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The firm's id (\"firm:...\", or without the prefix).");
        Field<NonNullGraphType<StringGraphType>>("name").Description("Registered or trading name.");
        Field<StringGraphType>("taxCode").Description("Tax code (MST), 10 digits or 13 with a branch; its check digit is verified, and no other firm may have it.");
        Field<OwnershipType>("ownership").Description("Who owns the firm (firms in Vietnam only).");
        Field<NonNullGraphType<StringGraphType>>("country").Description("ISO 3166-1 alpha-2 country where the firm operates; VN for Vietnam.");
        Field<StringGraphType>("province").Description("The province: code, name or id, before or after the 2025 merger (firms in Vietnam only).");
        Field<StringGraphType>("park").Description("The park: id, or its name when only one park has it.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("sectors").Description("VSIC 2025 codes (or \"ISIC4:\" prefixed) of sectors in the graph.");
        Field<ListGraphType<NonNullGraphType<FirmRoleType>>>("roles").Description("The parts the firm plays.");
        Field<FloatGraphType>("lat").Description("Latitude; with lng; inside Vietnam for a firm in Vietnam.");
        Field<FloatGraphType>("lng").Description("Longitude; with lat.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("sources").Description("The sources that state this (at least one, each in the graph).");
    }
}

public sealed class UpsertParkInputType : InputObjectGraphType
{
    public UpsertParkInputType()
    {
        Name = "UpsertParkInput";
        Description = "A park, cluster or zone. Values no source states are left out (null), never estimated; citations, data date and notes stay as they were.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The park's id (\"park:...\", or without the prefix).");
        Field<NonNullGraphType<StringGraphType>>("name").Description("The name, in Vietnamese.");
        Field<StringGraphType>("nameEn").Description("The English name, when it has one.");
        Field<NonNullGraphType<ParkKindType>>("kind").Description("KCN, CCN, economic zone, high-tech park or export processing zone.");
        Field<ParkStatusType>("status").Description("Where it stands (default UNKNOWN).");
        Field<NonNullGraphType<StringGraphType>>("province").Description("The province: code, name or id, before or after the 2025 merger.");
        Field<FloatGraphType>("totalAreaHa").Description("Total area in ha, 0 or more.");
        Field<FloatGraphType>("industrialAreaHa").Description("Industrial (leasable) land in ha, at most the total.");
        Field<FloatGraphType>("leasedAreaHa").Description("Leased land in ha, at most the industrial land.");
        Field<FloatGraphType>("occupancyPercent").Description("Occupancy, 0 to 100.");
        Field<IntGraphType>("establishedYear").Description("Year of establishment.");
        Field<StringGraphType>("developerName").Description("The developer as the source names it.");
        Field<IdGraphType>("developer").Description("The developer's firm id, when it is in the graph.");
        Field<FloatGraphType>("lat").Description("Latitude; with lng; inside Vietnam.");
        Field<FloatGraphType>("lng").Description("Longitude; with lat.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("prioritySectors").Description("VSIC codes of the sectors it prioritises.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("sources").Description("The sources that state this (at least one, each in the graph).");
    }
}

/// <summary>The import's link columns in camelCase.</summary>
public sealed class AddSupplyLinkInputType : InputObjectGraphType
{
    public AddSupplyLinkInputType()
    {
        Name = "AddSupplyLinkInput";
        Description = "A supply link as the import's links file has it. Supplier, buyer, sector and product identify it; adding one that exists is refused.";
        Field<NonNullGraphType<StringGraphType>>("supplier").Description("The supplying firm: id or tax code.");
        Field<NonNullGraphType<StringGraphType>>("buyer").Description("The buying firm: id or tax code; not the supplier.");
        Field<NonNullGraphType<StringGraphType>>("sector").Description("The VSIC code of what is supplied.");
        Field<StringGraphType>("product").Description("The product, in words.");
        Field<FloatGraphType>("valueUsd").Description("Yearly value in USD, 0 or more.");
        Field<DateType>("since").Description("First day the link holds.");
        Field<DateType>("until").Description("Last day the link holds; not before since.");
        Field<FloatGraphType>("confidence").Description("Confidence that the link exists as stated, 0 to 1 (default 1).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("sources").Description("The sources that state it (at least one, each in the graph).");
    }
}

public sealed class UpdateSupplyLinkInputType : InputObjectGraphType
{
    public UpdateSupplyLinkInputType()
    {
        Name = "UpdateSupplyLinkInput";
        Description = "New values for a link; a field left out keeps its value, a field given as null clears it. The sources given replace the link's: they state the new values.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The link's id (SupplyLink.id).");
        Field<FloatGraphType>("valueUsd").Description("Yearly value in USD, 0 or more.");
        Field<DateType>("since").Description("First day the link holds.");
        Field<DateType>("until").Description("Last day the link holds; not before since.");
        Field<FloatGraphType>("confidence").Description("Confidence, 0 to 1.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("sources").Description("The sources that state the new values (at least one).");
    }
}

public sealed class RemoveSupplyLinkInputType : InputObjectGraphType
{
    public RemoveSupplyLinkInputType()
    {
        Name = "RemoveSupplyLinkInput";
        Description = "A link to remove, and why (kept in the audit log).";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The link's id (SupplyLink.id).");
        Field<StringGraphType>("note").Description("Why it is removed.");
    }
}

public sealed class AddSourceInputType : InputObjectGraphType
{
    public AddSourceInputType()
    {
        Name = "AddSourceInput";
        Description = "A source as the import's sources file has it.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The source's id (\"source:...\", or without the prefix).");
        Field<NonNullGraphType<StringGraphType>>("title").Description("The title, as published.");
        Field<StringGraphType>("publisher").Description("Who published it.");
        Field<StringGraphType>("url").Description("Where it can be read: an absolute http(s) address.");
        Field<DateType>("date").Description("Publication or retrieval date; not in the future.");
    }
}

public sealed class MergeFirmsInputType : InputObjectGraphType
{
    public MergeFirmsInputType()
    {
        Name = "MergeFirmsInput";
        Description = "Two records of one firm: the duplicate is folded into the one kept.";
        Field<NonNullGraphType<IdGraphType>>("keep").Description("The firm that stays.");
        Field<NonNullGraphType<IdGraphType>>("duplicate").Description("The firm folded into it; its id keeps resolving to the one kept.");
        Field<StringGraphType>("note").Description("Why they are one firm (kept in the audit log).");
    }
}
