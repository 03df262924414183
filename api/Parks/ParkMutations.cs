using Ecosystem.Api.Auth;
using Ecosystem.Api.Mutations;
using Ecosystem.Graph.Data.Input;
using Ecosystem.Graph.Model;
using GraphQL.Types;

namespace Ecosystem.Api.Parks;

/// <summary>The park mutation: upsertPark.</summary>
public static class ParkMutations
{
    public static void AddUpsertPark(ObjectGraphType mutation) =>
        mutation.Field<UpsertParkPayloadType>("upsertPark")
            .Description("Adds a park, cluster or zone, or replaces the values the input carries.")
            .Argument<NonNullGraphType<UpsertParkInputType>>("input", "The park.")
            .Restricted(Role.Editor)
            .ResolveAsync(c => Edits.RunAsync<ParkInput, Park>(c, (editor, input, actor, ct) => editor.UpsertParkAsync(input, actor, ct),
                (r, _) => new ParkPayload(r.Item, r.Version, r.Changed)));
}

/// <summary>Bound to <see cref="ParkInput"/>.</summary>
public sealed class UpsertParkInputType : RecordInputType<ParkInput>
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
        Field<StringGraphType>("address").Description("Street address as the source gives it.");
        Field<StringGraphType>("ward").Description("The ward (commune-level unit): code, id, or name within the province; it must lie in the province, and places the park in the pre-2025 map (see Park.placement).");
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

public sealed record ParkPayload(Park Park, long Version, bool Changed);

public sealed class UpsertParkPayloadType : ObjectGraphType<ParkPayload>
{
    public UpsertParkPayloadType()
    {
        Name = "UpsertParkPayload";
        Description = "What upsertPark wrote.";
        Field<NonNullGraphType<ParkType>>("park").Description("The park as written.").Resolve(c => c.Source.Park);
        PayloadFields.AddVersion(this, p => p.Version, p => p.Changed);
    }
}
