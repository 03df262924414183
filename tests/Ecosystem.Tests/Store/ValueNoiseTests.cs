using System.Text;
using Ecosystem.Graph.Store;

namespace Ecosystem.Tests.Store;

/// <summary>
/// The noise of sums callers compose freely (README, rule 5): each link's factor is fixed, keyed, 10-20% from 1 on its
/// buyer's side; rule 1 on the sums; and the differencing property: two sums that differ by some of one firm's
/// purchases give those purchases 10-20% off, never closer, however the sums are chosen.
/// </summary>
public sealed class ValueNoiseTests
{
    private static readonly ValueNoise Noise = new(Encoding.UTF8.GetBytes("a test key of thirty-two bytes!!"));

    [Fact]
    public void A_factor_is_fixed_keyed_and_between_the_bounds_on_its_buyer_side()
    {
        var other = new ValueNoise(Encoding.UTF8.GetBytes("another test key, also 32 bytes!"));
        var raised = 0;
        var differs = 0;
        for (var b = 0; b < 200; b++)
        {
            var buyer = $"firm:b{b}";
            var side = Noise.Raises(buyer);
            raised += side ? 1 : 0;
            for (var s = 0; s < 20; s++)
            {
                var factor = Noise.Factor(buyer, $"firm:s{s}");
                Assert.Equal(factor, Noise.Factor(buyer, $"firm:s{s}"));
                Assert.Equal(side, factor > 1);
                Assert.InRange(Math.Abs(factor - 1), ValueNoise.DefaultMin, ValueNoise.DefaultMax);
                differs += factor != other.Factor(buyer, $"firm:s{s}") ? 1 : 0;
            }
        }
        // Both sides occur (about half each), and another key gives other factors.
        Assert.InRange(raised, 70, 130);
        Assert.Equal(200 * 20, differs);
        Assert.Throws<ArgumentException>(() => new ValueNoise(new byte[8]));
        Assert.Throws<ArgumentException>(() => new ValueNoise(new byte[32], 0.3, 0.2));
    }

    private static PublishableValue Sum(IEnumerable<(string Buyer, string Supplier, double Value)> links, ValueNoise? noise = null)
    {
        var builder = new PublishableValue.Builder(noise ?? Noise);
        foreach (var (buyer, supplier, value) in links)
        {
            builder.Add(buyer, supplier, value);
        }
        return builder.Build();
    }

    [Fact]
    public void Rule_one_counts_buyers_and_suppliers_and_the_largest_firm()
    {
        var rules = new DisclosureRules();
        var even = new[] { ("b1", "s1", 100.0), ("b2", "s2", 100.0), ("b3", "s3", 100.0) };
        Assert.Null(Sum(even).Problem(rules));
        Assert.Equal("2 buying firms contribute (at least 3 needed)", Sum([("b1", "s1", 100.0), ("b2", "s2", 100.0), ("b2", "s3", 100.0)]).Problem(rules));
        Assert.Equal("1 supplier contributes (at least 3 needed)", Sum([("b1", "s1", 100.0), ("b2", "s1", 100.0), ("b3", "s1", 100.0)]).Problem(rules));
        // b1 buys 900 of 1,000 (90%); with the threshold at 95% it passes.
        var dominated = Sum([("b1", "s1", 300.0), ("b1", "s2", 300.0), ("b1", "s3", 300.0), ("b2", "s1", 50.0), ("b3", "s2", 50.0)]);
        Assert.Equal("one firm accounts for 90% of the value (at most 85% allowed)", dominated.Problem(rules));
        Assert.Null(dominated.Problem(rules with { MaxDominance = 0.95 }));
        // A supplier can dominate as well; links of no known value add nothing; a sum of no value is shown.
        Assert.StartsWith("one firm accounts for 80%", Sum([("b1", "s1", 400.0), ("b2", "s1", 400.0), ("b3", "s2", 100.0), ("b3", "s3", 100.0)]).Problem(rules with { MaxDominance = 0.75 }));
        Assert.Equal(3, Sum([.. even, ("b4", "s4", double.NaN)]).Buyers);
        Assert.Null(Sum([("b1", "s1", double.NaN)]).Problem(rules));
        Assert.Equal(0, Sum([]).Noisy);
        // Without noise nothing noisy is summed (analysts read true values).
        Assert.Null(new PublishableValue.Builder(null).Build().Noisy);
    }

    [Fact]
    public void Two_sums_differing_by_one_buyers_links_give_those_links_off_by_the_bounds_every_time()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 500; trial++)
        {
            // A shared part (any firms), and some of one firm's purchases that only the larger sum holds.
            var shared = Enumerable.Range(0, random.Next(0, 40))
                .Select(_ => ($"firm:b{random.Next(30)}", $"firm:s{random.Next(30)}", Math.Round(random.NextDouble() * 1e6, 2))).ToList();
            var target = $"firm:t{trial}";
            var own = Enumerable.Range(0, random.Next(1, 8)).Select(i => (target, $"firm:s{random.Next(50)}#{i}", Math.Round(random.NextDouble() * 1e6 + 1, 2))).ToList();
            var smaller = Sum(shared);
            var larger = Sum([.. shared, .. own]);
            var worked = larger.Noisy!.Value - smaller.Noisy!.Value;
            var truth = own.Sum(l => l.Item3);
            var off = (worked / truth) - 1;
            Assert.InRange(Math.Abs(off), ValueNoise.DefaultMin - 1e-9, ValueNoise.DefaultMax + 1e-9);
            Assert.Equal(Noise.Raises(target), off > 0);
            // The same sums asked again give the same numbers: nothing to average.
            Assert.InRange(Math.Abs(larger.Noisy!.Value - Sum([.. own, .. shared]).Noisy!.Value), 0, 1e-9 * larger.Noisy!.Value);
            Assert.InRange(Math.Abs(truth - (larger.Value - smaller.Value)), 0, 1e-9 * larger.Value);
        }
    }
}

/// <summary>SipHash-2-4 against the reference vectors of its paper (key 00..0f).</summary>
public sealed class SipHashTests
{
    [Fact]
    public void The_reference_vectors_come_out()
    {
        const ulong k0 = 0x0706050403020100UL, k1 = 0x0f0e0d0c0b0a0908UL;
        Assert.Equal(0x726fdb47dd0e0e31UL, SipHash.Hash(k0, k1, []));
        Assert.Equal(0xa129ca6149be45e5UL, SipHash.Hash(k0, k1, [.. Enumerable.Range(0, 15).Select(i => (byte)i)]));
    }
}
