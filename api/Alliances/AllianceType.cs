using Ecosystem.Api.Firms;
using Ecosystem.Api.Nodes;
using Ecosystem.Api.Paging;
using Ecosystem.Api.Schema;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL.Types;

namespace Ecosystem.Api.Alliances;

public sealed class AllianceType : ObjectGraphType<Alliance>
{
    public AllianceType()
    {
        Name = "Alliance";
        Description = "An alliance or association that connects firms (G20 Industrial Alliance, LM VISA, HAMI, VASI, ...).";
        NodeFields.AddIdAndName(this, "Vietnamese name.");
        Field<StringGraphType>("nameEn").Description("English name.").Resolve(c => c.Source.NameEn);
        Field<StringGraphType>("acronym").Description("Short name (\"HAMI\", \"VASI\").").Resolve(c => c.Source.Acronym);
        Field<DateType>("founded").Description("Founding date, when stated.").Resolve(c => c.Source.Founded);
        Field<StringGraphType>("scope").Description("Geographic or sector scope as stated.").Resolve(c => c.Source.Scope);
        Field<StringGraphType>("description").Description("What the alliance does, from its sources.").Resolve(c => c.Source.Description);
        Field<NonNullGraphType<ConnectionType<FirmType, Firm>>>("firms")
            .Description("Member firms, by name.")
            .ResolveNodePage<Alliance, Firm>(NodeKind.Firm, c => new NodeFilter { AllianceIds = [c.Source.Id] });
        this.AddSourcesField(a => a.Sources);
    }
}
