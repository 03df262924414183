using Ecosystem.Api.Auth;
using Ecosystem.Api.Mutations;
using Ecosystem.Api.Schema;
using Ecosystem.Graph.Data.Input;
using Ecosystem.Graph.Model;
using GraphQL.Types;

namespace Ecosystem.Api.Sources;

/// <summary>The source mutation: addSource.</summary>
public static class SourceMutations
{
    public static void AddAddSource(ObjectGraphType mutation) =>
        mutation.Field<AddSourcePayloadType>("addSource")
            .Description("Adds a source that facts can then cite. A source that exists with the same values is left as it is; with other values, refused.")
            .Argument<NonNullGraphType<AddSourceInputType>>("input", "The source.")
            .Restricted(Role.Editor)
            .ResolveAsync(c => Edits.RunAsync<SourceInput, Source>(c, (editor, input, actor, ct) => editor.AddSourceAsync(input, actor, ct),
                (r, _) => new SourcePayload(r.Item, r.Version, r.Changed)));
}

/// <summary>Bound to <see cref="SourceInput"/>.</summary>
public sealed class AddSourceInputType : RecordInputType<SourceInput>
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

public sealed record SourcePayload(Source Source, long Version, bool Changed);

public sealed class AddSourcePayloadType : ObjectGraphType<SourcePayload>
{
    public AddSourcePayloadType()
    {
        Name = "AddSourcePayload";
        Description = "What addSource wrote.";
        Field<NonNullGraphType<SourceType>>("source").Description("The source as written.").Resolve(c => c.Source.Source);
        PayloadFields.AddVersion(this, p => p.Version, p => p.Changed);
    }
}
