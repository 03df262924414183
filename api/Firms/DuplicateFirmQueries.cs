using Ecosystem.Api.Auth;
using Ecosystem.Api.Limits;
using Ecosystem.Api.Loading;
using Ecosystem.Api.Reconcile;
using Ecosystem.Api.Schema;
using Ecosystem.Graph.Matching;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Api.Firms;

/// <summary>duplicateFirms: probable duplicates among the graph's firms, for mergeFirms (admins only).</summary>
public static class DuplicateFirmQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<DuplicateFirmPairType>>>>("duplicateFirms")
            .Description("Pairs of firms that are probably one, highest score first, each with the evidence (as `seed duplicates` lists them), for mergeFirms. Each firm of the scope is matched against every firm of the graph as a record of itself: its name, tax code, province, ward, park, sectors and address. Matching the whole graph takes minutes at a million firms; a scope (a province, a sector) takes seconds.")
            .Argument<IntGraphType>("first", "How many pairs at most (default 50, at most the page-size limit).", a => a.DefaultValue = 50)
            .Argument<FloatGraphType>("minScore", "The lowest score a pair is listed with, 0-100 (default 80).", a => a.DefaultValue = 80.0)
            .Argument<FirmFilterInput>("where", "Only pairs with a firm that passes this filter (the other firm may be anywhere).")
            .Restricted(Role.Admin)
            .ResolveAsync(async c =>
            {
                var first = c.ListSize(c.GetArgument("first", 50));
                var minScore = c.GetArgument("minScore", 80.0);
                if (!double.IsFinite(minScore) || minScore is < 0 or > 100)
                {
                    throw new FirmLookupException("minScore must be from 0 to 100.");
                }
                var request = c.Request();
                var store = request.Loaders.Store;
                IReadOnlySet<string>? only = null;
                if (c.GetArgument<FirmFilter?>("where") is { } where)
                {
                    var filter = await where.ToNodeFilterAsync(store, request.View, c.CancellationToken).ConfigureAwait(false);
                    var ids = new HashSet<string>(StringComparer.Ordinal);
                    string? after = null;
                    do
                    {
                        var page = await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, Filter = filter, First = 50_000, After = after }, c.CancellationToken).ConfigureAwait(false);
                        ids.UnionWith(page.Items.Select(i => i.Node.Id));
                        after = page.HasNextPage ? page.EndCursor : null;
                    }
                    while (after is not null);
                    only = ids;
                }
                var services = c.RequestServices ?? throw new InvalidOperationException("no request services");
                var matchers = services.GetRequiredService<FirmMatcherCache>();
                var matcher = await matchers.GetAsync(await store.GetVersionAsync(c.CancellationToken).ConfigureAwait(false), c.CancellationToken).ConfigureAwait(false);
                return await Task.Run(() => matcher.Duplicates(minScore / 100, first, only, c.CancellationToken), c.CancellationToken).ConfigureAwait(false);
            });
    }
}

public sealed class DuplicateFirmPairType : ObjectGraphType<DuplicatePair>
{
    public DuplicateFirmPairType()
    {
        Name = "DuplicateFirmPair";
        Description = "Two firms of the graph that are probably one: the score of the second as a match of the first, and its parts.";
        Field<NonNullGraphType<FirmType>>("firm").Description("The first firm (its id sorts first).").ResolveNode<DuplicatePair, Firm>(p => p.FirmId);
        Field<NonNullGraphType<FirmType>>("other").Description("The firm it is probably a duplicate of.").ResolveNode<DuplicatePair, Firm>(p => p.OtherId);
        Field<NonNullGraphType<FloatGraphType>>("score").Description("How sure, 0-100 (80 and up, leading the next candidate by 10, is a sure match).").Resolve(c => Math.Round(c.Source.Score * 100, 1));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MatchFeatureType>>>>("evidence").Description("The parts of the score: the names' likeness, then what agrees or differs.").Resolve(c => c.Source.Features);
    }
}

public sealed class MatchFeatureType : ObjectGraphType<MatchFeature>
{
    public MatchFeatureType()
    {
        Name = "MatchFeature";
        Description = "One part of a match's score.";
        Field<NonNullGraphType<StringGraphType>>("id").Description("What it is about: name, tax_code, identifier, province, ward, park, sector or address.").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<FloatGraphType>>("value").Description("How much it adds to the score (negative: takes away), 0-100.").Resolve(c => Math.Round(c.Source.Value * 100, 1));
        Field<NonNullGraphType<StringGraphType>>("evidence").Description("In words.").Resolve(c => c.Source.Evidence);
    }
}
