using Ecosystem.Api.Firms;
using Ecosystem.Api.Loading;
using Ecosystem.Api.Nodes;
using Ecosystem.Api.Paging;
using Ecosystem.Api.Schema;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL.Types;

namespace Ecosystem.Api.Sectors;

public sealed class SectorType : ObjectGraphType<Sector>
{
    public SectorType()
    {
        Name = "Sector";
        Description = "An activity of VSIC 2025 (the default classification) or ISIC Rev.4. Codes with the same digits can mean different things across the two.";
        NodeFields.AddIdAndName(this, "Name in the classification's language: Vietnamese for VSIC 2025, English for ISIC Rev.4.");
        Field<NonNullGraphType<StringGraphType>>("code").Description("The code as clients write it: \"2630\" (VSIC 2025), \"ISIC4:2610\" (ISIC Rev.4).").Resolve(c => SectorCodes.CodeOf(c.Source));
        Field<StringGraphType>("nameEn").Description("English name where known (never borrowed from the other classification unless verified).").Resolve(c => c.Source.NameEn);
        Field<NonNullGraphType<ClassificationType>>("classification").Description("VSIC2025 or ISIC4.").Resolve(c => c.Source.Classification);
        Field<NonNullGraphType<SectorLevelType>>("level").Description("Section, division, group, class or subclass.").Resolve(c => c.Source.Level);
        Field<NonNullGraphType<BooleanGraphType>>("supportingIndustry").Description("Whether the sector counts as supporting industry (công nghiệp hỗ trợ).").Resolve(c => c.Source.SupportingIndustry);
        Field<SectorType>("parent").Description("The sector one level up; null for a section.").ResolveNode<Sector, Sector>(s => s.ParentId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SectorType>>>>("children")
            .Description("The sectors one level down, by code.")
            .Resolve(c => c.Related<Sector>(c.Source.Id, RelType.Parent, Direction.In).Then(r => r.Then(IReadOnlyList<Sector> (l) => [.. l.OrderBy(s => s.Code, StringComparer.Ordinal)])));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SectorFeedType>>>>("feeds")
            .Description("The sectors this one is an input of (input-output), with their coefficients.")
            .Resolve(c => c.Loaders().NodesOf<Sector>([.. c.Source.Feeds.Select(f => f.TargetId)])
                .Then(targets => Feeds(c.Source.Feeds, targets)));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SectorFeedType>>>>("fedBy")
            .Description("The sectors that are inputs of this one, with this sector's coefficient for each.")
            .Resolve(c =>
            {
                var id = c.Source.Id;
                return c.Related<Sector>(id, RelType.Feeds, Direction.In).Then(r => r.Then(IReadOnlyList<SectorFeed> (inputs) =>
                    [.. inputs.SelectMany(s => s.Feeds.Where(f => f.TargetId == id).Select(f => new SectorFeed(s, f.Coefficient, f.Sources))).OrderBy(f => f.Sector.Code, StringComparer.Ordinal)]));
            });
        Field<NonNullGraphType<ConnectionType<FirmType, Firm>>>("firms")
            .Description("Firms in the sector or any of its descendants, by name.")
            .ResolveNodePage<Sector, Firm>(NodeKind.Firm, c => new NodeFilter { SectorIds = [c.Source.Id] });
        this.AddSourcesField(s => s.Sources);
    }

    private static IReadOnlyList<SectorFeed> Feeds(IReadOnlyList<Feed> feeds, IReadOnlyList<Sector> targets)
    {
        var byId = targets.ToDictionary(t => t.Id, StringComparer.Ordinal);
        return [.. feeds.Where(f => byId.ContainsKey(f.TargetId)).Select(f => new SectorFeed(byId[f.TargetId], f.Coefficient, f.Sources))];
    }
}

/// <summary>One input-output edge seen from either end: the other sector, the coefficient and its sources.</summary>
public sealed record SectorFeed(Sector Sector, double Coefficient, IReadOnlyList<string> Sources);

public sealed class SectorFeedType : ObjectGraphType<SectorFeed>
{
    public SectorFeedType()
    {
        Name = "SectorFeed";
        Description = "An input-output edge: one sector's output is an input of another's.";
        Field<NonNullGraphType<SectorType>>("sector").Description("The sector at the other end.").Resolve(c => c.Source.Sector);
        Field<NonNullGraphType<FloatGraphType>>("coefficient").Description("The buying sector's input coefficient for the supplying sector (share of its inputs).").Resolve(c => c.Source.Coefficient);
        this.AddSourcesField(f => f.Sources);
    }
}
