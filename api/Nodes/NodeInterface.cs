using Ecosystem.Graph.Model;
using GraphQL.Types;

namespace Ecosystem.Api.Nodes;

/// <summary>The Relay Node interface: every node has a stable global id that node(id:) finds.</summary>
public sealed class NodeInterface : InterfaceGraphType<Node>
{
    public NodeInterface()
    {
        Name = "Node";
        Description = "Anything with a stable global id (\"firm:...\", \"park:...\", \"province:...\"); node(id:) finds it.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Stable global id, readable, kept across reloads.");
    }
}

/// <summary>Helpers every node type uses for the fields all nodes have.</summary>
public static class NodeFields
{
    public static void AddIdAndName<TNode>(ObjectGraphType<TNode> type, string nameDescription)
        where TNode : Node
    {
        type.Interface<NodeInterface>();
        type.IsTypeOf = o => o is TNode;
        type.Field<NonNullGraphType<IdGraphType>>("id").Description("Stable global id, readable, kept across reloads.").Resolve(c => c.Source.Id);
        type.Field<NonNullGraphType<StringGraphType>>("name").Description(nameDescription).Resolve(c => c.Source.Name);
    }
}
