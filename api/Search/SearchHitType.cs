using Ecosystem.Api.Loading;
using Ecosystem.Api.Nodes;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Types;

namespace Ecosystem.Api.Search;

public sealed class SearchHitType : ObjectGraphType<SearchHit>
{
    public SearchHitType()
    {
        Name = "SearchHit";
        Description = "A node whose name matches a search, with its score.";
        Field<NonNullGraphType<NodeInterface>>("node").Description("The node found.").Resolve(c => c.Loaders().Nodes.Load(c.Source.Id));
        Field<NonNullGraphType<StringGraphType>>("name").Description("Its name, with diacritics.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<NodeKindType>>("kind").Description("Its kind.").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<FloatGraphType>>("score").Description("1 for an exact name, less for looser matches; hits come best first.").Resolve(c => c.Source.Score);
    }
}

public sealed class EmptySearchException() : Errors.ApiException(Errors.ErrorCodes.BadUserInput, "search needs at least one letter or digit.");

public static class SearchQueries
{
    public static void AddTo(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchHitType>>>>("search")
            .Description("Full-text search over names, folded: diacritics removed and đ read as d, so \"dak lak\" finds Đắk Lắk and \"dinh vu\" finds Đình Vũ. Every word must match, the last as a prefix. HS codes are found as written (\"8708.29\" or \"870829\").")
            .Argument<NonNullGraphType<StringGraphType>>("text", "What to look for.")
            .Argument<ListGraphType<NonNullGraphType<NodeKindType>>>("kinds", "Only nodes of these kinds.")
            .Argument<IntGraphType>("first", "How many hits at most (default 20, at most the page-size limit).", a => a.DefaultValue = 20)
            .ResolveAsync(async c =>
            {
                var text = c.GetArgument<string>("text");
                if (!text.Any(char.IsLetterOrDigit))
                {
                    throw new EmptySearchException();
                }
                var first = c.GetArgument("first", 20);
                if (first < 0)
                {
                    throw new Paging.InvalidPageRequestException("first must not be negative.");
                }
                var kinds = c.GetArgument<List<NodeKind>?>("kinds");
                // An HS subheading as customs write it ("8708.29") is searched as its digits.
                text = System.Text.RegularExpressions.Regex.Replace(text, @"\b(\d{4})\.(\d{2})\b", "$1$2", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
                return await c.Loaders().Store.SearchAsync(text, kinds, first, c.CancellationToken).ConfigureAwait(false);
            });
}
