using Ecosystem.Api.Schema;
using Ecosystem.Api.Nodes;
using Ecosystem.Graph.Model;
using GraphQL.Types;

namespace Ecosystem.Api.Sources;

public sealed class SourceType : ObjectGraphType<Source>
{
    public SourceType()
    {
        Name = "Source";
        Description = "A document or dataset that states facts; every node and supply link lists its sources. Synthetic data has a source too, with synthetic: true.";
        NodeFields.AddIdAndName(this, "The title, as published (same as title).");
        Field<NonNullGraphType<StringGraphType>>("title").Description("The title of the document or dataset, as published.").Resolve(c => c.Source.Name);
        Field<StringGraphType>("publisher").Description("Who published it.").Resolve(c => c.Source.Publisher);
        Field<StringGraphType>("url").Description("Where it can be read.").Resolve(c => c.Source.Url);
        Field<DateType>("date").Description("Publication or retrieval date, when known.").Resolve(c => c.Source.Date);
        Field<NonNullGraphType<BooleanGraphType>>("synthetic").Description("True for generated, synthetic data (never real firms or links).").Resolve(c => c.Source.Synthetic);
        Field<StringGraphType>("sourceType").Description("article, dataset, web page, rule or synthetic.").Resolve(c => c.Source.SourceType);
        Field<StringGraphType>("licence").Description("The licence the source is used under, when stated.").Resolve(c => c.Source.Licence);
        Field<StringGraphType>("note").Description("Remarks on the source, such as its reliability.").Resolve(c => c.Source.Note);
    }
}
