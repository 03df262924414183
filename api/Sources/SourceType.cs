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
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReportedFigureType>>>>("figures").Description("Figures it reports (press-reported statistics), each as it states it.").Resolve(c => c.Source.Figures);
    }
}

public sealed class ReportedFigureType : ObjectGraphType<ReportedFigure>
{
    public ReportedFigureType()
    {
        Name = "ReportedFigure";
        Description = "A figure a source reports, as it states it (a range such as 96-97 is kept as low and high).";
        Field<NonNullGraphType<StringGraphType>>("indicator").Description("What is counted or measured (supporting_industry_enterprises, localisation_rate, ...).").Resolve(c => c.Source.Indicator);
        Field<NonNullGraphType<StringGraphType>>("covers").Description("What the figure covers, in the source's words (a sector, or all).").Resolve(c => c.Source.Covers);
        Field<FloatGraphType>("low").Description("The value, or the low end of a range; null when the value is not a number.").Resolve(c => c.Source.Low);
        Field<FloatGraphType>("high").Description("The value, or the high end of a range.").Resolve(c => c.Source.High);
        Field<NonNullGraphType<StringGraphType>>("value").Description("The value as written.").Resolve(c => c.Source.Value);
        Field<NonNullGraphType<StringGraphType>>("unit").Description("Its unit, as the source gives it.").Resolve(c => c.Source.Unit);
        Field<NonNullGraphType<StringGraphType>>("period").Description("The year or period it refers to, as the source gives it.").Resolve(c => c.Source.Period);
        Field<NonNullGraphType<StringGraphType>>("kind").Description("actual or target.").Resolve(c => c.Source.Kind);
        Field<StringGraphType>("note").Description("Context the source gives with it.").Resolve(c => c.Source.Note);
    }
}

/// <summary>reportedFigures: every figure the graph's sources report, with its source.</summary>
public static class ReportedFigureQueries
{
    public static void AddTo(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReportedFigureEntryType>>>>("reportedFigures")
            .Description("Statistics reported by the press and official releases (supporting-industry firm counts, localisation rates and targets), each as its source states it, by indicator, period, then source.")
            .Argument<StringGraphType>("indicator", "Only this indicator (e.g. localisation_rate).")
            .ResolveAsync(async c =>
            {
                var indicator = GraphQL.ResolveFieldContextExtensions.GetArgument<string?>(c, "indicator");
                var sources = await Loading.RequestContextExtensions.Loaders(c).Store.ListNodesAsync(new Graph.Store.NodeQuery { Kind = NodeKind.Source, First = int.MaxValue }, c.CancellationToken).ConfigureAwait(false);
                return sources.Items.Select(i => (Source)i.Node)
                    .SelectMany(s => s.Figures.Where(f => indicator is null || f.Indicator == indicator).Select(f => new ReportedFigureEntry(f, s.Id)))
                    .OrderBy(e => e.Figure.Indicator, StringComparer.Ordinal).ThenBy(e => e.Figure.Period, StringComparer.Ordinal).ThenBy(e => e.SourceId, StringComparer.Ordinal)
                    .ToList();
            });
}

public sealed record ReportedFigureEntry(ReportedFigure Figure, string SourceId);

public sealed class ReportedFigureEntryType : ObjectGraphType<ReportedFigureEntry>
{
    public ReportedFigureEntryType()
    {
        Name = "ReportedFigureEntry";
        Description = "A reported figure with the source that reports it.";
        Field<NonNullGraphType<ReportedFigureType>>("figure").Description("The figure.").Resolve(c => c.Source.Figure);
        Field<NonNullGraphType<SourceType>>("source").Description("The source that reports it.").ResolveNode<ReportedFigureEntry, Source>(e => e.SourceId);
    }
}
