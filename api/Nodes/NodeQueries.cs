using Ecosystem.Api.Loading;
using GraphQL;
using GraphQL.Types;

namespace Ecosystem.Api.Nodes;

public static class NodeQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<NodeInterface>("node")
            .Description("The node with this global id, of any kind; null when none has it.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "A global id such as \"firm:dtj\" or \"province:01-ha-noi\".")
            .Resolve(c => c.Loaders().Nodes.Load(c.GetArgument<string>("id")));
        query.Field<NonNullGraphType<ListGraphType<NodeInterface>>>("nodes")
            .Description("The nodes with these ids, in the same order; null where none has the id.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids", "Global ids, at most the page-size limit.")
            .Resolve(c =>
            {
                var ids = c.GetArgument<List<string>>("ids");
                return ids.Count > c.Request().Limits.MaxPageSize
                    ? throw new Errors.LimitExceededException($"nodes takes at most {c.Request().Limits.MaxPageSize} ids.")
                    : c.Loaders().Nodes.LoadMany(ids);
            });
    }
}
