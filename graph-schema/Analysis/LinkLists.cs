using System.Collections;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>Supply links of a snapshot by index, made into records only when read: a walk's links cost nothing until used.</summary>
internal sealed class SnapshotLinkList(SupplyGraph snap, int[] links) : IReadOnlyList<SupplyLink>
{
    public int Count => links.Length;

    public SupplyLink this[int index] => snap.Materialize(links[index]);

    public IEnumerator<SupplyLink> GetEnumerator()
    {
        foreach (var link in links)
        {
            yield return snap.Materialize(link);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Node ids of a snapshot by node index, looked up only when read.</summary>
internal sealed class SnapshotIdList(SupplyGraph snap, int[] nids) : IReadOnlyList<string>
{
    public int Count => nids.Length;

    public string this[int index] => snap.Nodes[nids[index]]!.Id;

    public IEnumerator<string> GetEnumerator()
    {
        foreach (var nid in nids)
        {
            yield return snap.Nodes[nid]!.Id;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
