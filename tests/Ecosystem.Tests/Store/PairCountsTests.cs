using Ecosystem.Graph.Analysis;

namespace Ecosystem.Tests.Store;

/// <summary>
/// The flat counting table the kept reports count (input sector, supplier) pairs in: random adds and removals, keys
/// crowded into few slots, growth, checked against a dictionary after every step.
/// </summary>
public sealed class PairCountsTests
{
    [Theory]
    [InlineData(1, 64)]
    [InlineData(2, 5_000)]
    [InlineData(3, 200_000)]
    public void Random_adds_and_removals_count_as_a_dictionary_does(int seed, int keySpace)
    {
        var random = new Random(seed);
        var table = new PairCounts();
        var expected = new Dictionary<long, int>();
        for (var step = 0; step < 60_000; step++)
        {
            // Keys as the reports make them: a sector node in the high half, a supplier in the low.
            var key = ((long)random.Next(8) << 32) | (uint)random.Next(keySpace);
            var by = expected.TryGetValue(key, out var count) && random.Next(3) == 0 ? -count : random.Next(2) == 0 && count > 0 ? -1 : 1;
            var after = table.Add(key, by);
            var want = count + by;
            if (want == 0)
            {
                expected.Remove(key);
            }
            else
            {
                expected[key] = want;
            }
            Assert.Equal(want, after);
            if (step % 997 == 0)
            {
                Assert.Equal(expected.Count, table.Count);
                foreach (var (k, v) in expected)
                {
                    Assert.Equal(v, table.Get(k));
                }
            }
        }
        Assert.Equal(expected.Count, table.Count);
        Assert.All(expected, e => Assert.Equal(e.Value, table.Get(e.Key)));
        // Every key taken away again: none is left, and none is found.
        foreach (var (k, v) in expected.ToList())
        {
            Assert.Equal(0, table.Add(k, -v));
        }
        Assert.Equal(0, table.Count);
        Assert.All(expected.Keys, k => Assert.Equal(0, table.Get(k)));
    }
}
