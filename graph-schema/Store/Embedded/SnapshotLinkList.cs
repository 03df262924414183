using System.Collections;
using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Store.Embedded;

/// <summary>Supply links of a snapshot by index, made into records only when read: a walk's links cost nothing until used.</summary>
internal sealed class SnapshotLinkList(GraphSnapshot snap, int[] links) : IReadOnlyList<SupplyLink>
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
