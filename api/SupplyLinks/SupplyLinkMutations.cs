using Ecosystem.Api.Auth;
using Ecosystem.Api.Mutations;
using Ecosystem.Api.Schema;
using Ecosystem.Graph.Data.Input;
using Ecosystem.Graph.Model;
using GraphQL.Types;

namespace Ecosystem.Api.SupplyLinks;

/// <summary>The supply-link mutations: addSupplyLink, updateSupplyLink, removeSupplyLink.</summary>
public static class SupplyLinkMutations
{
    public static void AddAddSupplyLink(ObjectGraphType mutation) =>
        mutation.Field<SupplyLinkPayloadType>("addSupplyLink")
            .Description("Adds a supply link between two firms in the graph.")
            .Argument<NonNullGraphType<AddSupplyLinkInputType>>("input", "The link.")
            .Restricted(Role.Editor)
            .ResolveAsync(c => Edits.RunAsync<LinkInput, SupplyLink>(c, (editor, input, actor, ct) => editor.AddSupplyLinkAsync(input, actor, ct), Payload));

    public static void AddUpdateSupplyLink(ObjectGraphType mutation) =>
        mutation.Field<SupplyLinkPayloadType>("updateSupplyLink")
            .Description("Changes a link's value, dates or confidence; the sources given state the new values.")
            .Argument<NonNullGraphType<UpdateSupplyLinkInputType>>("input", "The link and its new values.")
            .Restricted(Role.Editor)
            .ResolveAsync(c => Edits.RunAsync<LinkUpdate, SupplyLink>(c, (editor, input, actor, ct) => editor.UpdateSupplyLinkAsync(input, actor, ct), Payload));

    public static void AddRemoveSupplyLink(ObjectGraphType mutation) =>
        mutation.Field<SupplyLinkPayloadType>("removeSupplyLink")
            .Description("Removes a link; the payload gives it as it was.")
            .Argument<NonNullGraphType<RemoveSupplyLinkInputType>>("input", "The link, and why.")
            .Restricted(Role.Editor)
            .ResolveAsync(c => Edits.RunAsync<RemoveSupplyLinkInput, SupplyLink>(c, (editor, input, actor, ct) => editor.RemoveSupplyLinkAsync(input.Id, input.Note, actor, ct), Payload));

    private static LinkPayload Payload<TInput>(Graph.Data.Editing.EditResult<SupplyLink> r, TInput _) => new(r.Item, r.Version, r.Changed);
}

/// <summary>A link to remove, and why.</summary>
public sealed record RemoveSupplyLinkInput
{
    public string Id { get; init; } = "";
    public string? Note { get; init; }
}

/// <summary>The import's link columns in camelCase, bound to <see cref="LinkInput"/>.</summary>
public sealed class AddSupplyLinkInputType : RecordInputType<LinkInput>
{
    public AddSupplyLinkInputType()
    {
        Name = "AddSupplyLinkInput";
        Description = "A supply link as the import's links file has it. Supplier, buyer, sector and product identify it; adding one that exists is refused.";
        Field<NonNullGraphType<StringGraphType>>("supplier").Description("The supplying firm: id or tax code.");
        Field<NonNullGraphType<StringGraphType>>("buyer").Description("The buying firm: id or tax code; not the supplier.");
        Field<NonNullGraphType<StringGraphType>>("sector").Description("The VSIC code of what is supplied.");
        Field<StringGraphType>("product").Description("The product, in words.");
        Field<StringGraphType>("hsCode").Description("The HS 2022 code of what is supplied (\"8708.29\", \"870829\" or a heading \"8708\"); an unknown code is refused.");
        Field<FloatGraphType>("valueUsd").Description("Yearly value in USD, 0 or more.");
        Field<DateType>("since").Description("First day the link holds.");
        Field<DateType>("until").Description("Last day the link holds; not before since.");
        Field<FloatGraphType>("confidence").Description("Confidence that the link exists as stated, 0 to 1 (default 1).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("sources").Description("The sources that state it (at least one, each in the graph).");
    }
}

/// <summary>Bound to <see cref="LinkUpdate"/>: a field left out keeps its value, one given as null clears it.</summary>
public sealed class UpdateSupplyLinkInputType : InputObjectGraphType<LinkUpdate>
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
        Field<StringGraphType>("hsCode").Description("The HS 2022 code of what is supplied; null clears it.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("sources").Description("The sources that state the new values (at least one).");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) => new LinkUpdate
    {
        Id = (string)value["id"]!,
        ValueUsd = Entry<double>(value, "valueUsd"),
        Since = Entry<DateOnly>(value, "since"),
        Until = Entry<DateOnly>(value, "until"),
        Confidence = Entry<double>(value, "confidence"),
        HsCode = value.TryGetValue("hsCode", out var hs) ? new Maybe<string?>(true, hs as string) : default,
        Sources = value.TryGetValue("sources", out var sources) && sources is IEnumerable<object?> list ? [.. list.OfType<string>()] : [],
    };

    /// <summary>A field given (its value, null when given as null) or left out.</summary>
    private static Maybe<T?> Entry<T>(IDictionary<string, object?> value, string name)
        where T : struct =>
        value.TryGetValue(name, out var given) ? new Maybe<T?>(true, (T?)given) : default;
}

public sealed class RemoveSupplyLinkInputType : RecordInputType<RemoveSupplyLinkInput>
{
    public RemoveSupplyLinkInputType()
    {
        Name = "RemoveSupplyLinkInput";
        Description = "A link to remove, and why (kept in the audit log).";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The link's id (SupplyLink.id).");
        Field<StringGraphType>("note").Description("Why it is removed.");
    }
}

public sealed record LinkPayload(SupplyLink Link, long Version, bool Changed);

public sealed class SupplyLinkPayloadType : ObjectGraphType<LinkPayload>
{
    public SupplyLinkPayloadType()
    {
        Name = "SupplyLinkPayload";
        Description = "The link a link mutation wrote (or removed).";
        Field<NonNullGraphType<SupplyLinkType>>("link").Description("The link as written (as it was, for a removal).").Resolve(c => c.Source.Link);
        PayloadFields.AddVersion(this, p => p.Version, p => p.Changed);
    }
}
