using Ecosystem.Api.Schema;
using Ecosystem.Api.Sectors;
using Ecosystem.Api.Sources;
using Ecosystem.Graph.Model;
using GraphQL.Types;

namespace Ecosystem.Api.Parks;

public sealed class PrioritySectorType : ObjectGraphType<PrioritySector>
{
    public PrioritySectorType()
    {
        Name = "PrioritySector";
        Description = "A sector a park prioritises for investment, with the phrase of the source it was read from.";
        Field<NonNullGraphType<SectorType>>("sector").Description("The sector (VSIC 2025).").ResolveNode<PrioritySector, Sector>(p => p.SectorId);
        Field<StringGraphType>("phrase").Description("The words of the source, untranslated.").Resolve(c => c.Source.Phrase);
        this.AddSourcesField(p => p.Sources);
    }
}

public sealed class CitationType : ObjectGraphType<Citation>
{
    public CitationType()
    {
        Name = "Citation";
        Description = "Which source states which value of a node.";
        Field<NonNullGraphType<StringGraphType>>("field").Description("The field the source states (\"totalAreaHa\", ...), or \"*\" for every value no other citation names.").Resolve(c => c.Source.Field);
        Field<NonNullGraphType<SourceType>>("source").Description("The source.").ResolveNode<Citation, Source>(x => x.SourceId);
        Field<StringGraphType>("note").Description("Remarks, such as how the value was read.").Resolve(c => c.Source.Note);
    }
}
