using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Ecosystem.Graph.Store;

/// <summary>
/// The noise with which sums of link values that callers compose freely (a supply chain's tiers from any root, the
/// clusters of any scope, the trade between any two parks) are shown to callers who cannot read the values. Their
/// number has no bound, so no set of neighbouring tables can be suppressed to stop one being subtracted from another;
/// instead every link's value enters them multiplied by a factor of its own, fixed for the link: <c>1 ± m</c> with
/// <c>m</c> between <see cref="Min"/> and <see cref="Max"/>, the sign being its buying firm's. The factor is drawn from
/// a secret key: SipHash-2-4, under a key derived from the secret, of each firm's id, then of the two firms' words.
/// <list type="bullet">
/// <item>A link always carries the same factor, in every table and every call: asking again, or for another table
/// holding the same links, averages nothing away.</item>
/// <item>The noise adds up link by link, so a difference of two published sums is the noisy sum of the links they
/// differ by: a firm's purchases (or any part of them), worked out by subtraction, come out between <see cref="Min"/>
/// and <see cref="Max"/> away from their true value, all of them off the same way, never closer.</item>
/// <item>A firm's sales to several buyers carry those buyers' signs, which may partly cancel: they are protected in
/// probability rather than by a bound (measured by the noise benchmark).</item>
/// </list>
/// </summary>
public sealed class ValueNoise
{
    public const double DefaultMin = 0.10, DefaultMax = 0.20;

    // The two halves of the SipHash key, drawn from the secret with HMAC-SHA256 (a secret of any length gives 128 bits).
    private readonly ulong _k0, _k1;

    /// <param name="key">The secret (at least 16 bytes): whoever holds it can take the noise out.</param>
    /// <param name="min">The smallest relative change of a link's value, above 0.</param>
    /// <param name="max">The largest, below 1.</param>
    public ValueNoise(ReadOnlySpan<byte> key, double min = DefaultMin, double max = DefaultMax)
    {
        if (key.Length < 16)
        {
            throw new ArgumentException("The noise key must be at least 16 bytes.", nameof(key));
        }
        if (!(min > 0 && min <= max && max < 1))
        {
            throw new ArgumentException("The noise must satisfy 0 < min <= max < 1.", nameof(min));
        }
        var derived = HMACSHA256.HashData(key, "ecosystem link noise"u8);
        (_k0, _k1) = (BinaryPrimitives.ReadUInt64LittleEndian(derived), BinaryPrimitives.ReadUInt64LittleEndian(derived.AsSpan(8)));
        (Min, Max) = (min, max);
    }

    /// <summary>The smallest relative change a link's value is given.</summary>
    public double Min { get; }

    /// <summary>The largest relative change a link's value is given.</summary>
    public double Max { get; }

    /// <summary>Whether the buying firm's links are raised (true) or lowered.</summary>
    public bool Raises(string buyerId) => KeyOf(buyerId).Raises;

    /// <summary>The factor of the links from <paramref name="supplierId"/> to <paramref name="buyerId"/> (all links of one pair share it).</summary>
    public double Factor(string buyerId, string supplierId) => Factor(KeyOf(buyerId), KeyOf(supplierId));

    /// <summary>A firm's secret part of the noise (a keyed hash of its id): summing many links, each firm's is worked out once.</summary>
    public FirmKey KeyOf(string firmId)
    {
        var length = Encoding.UTF8.GetMaxByteCount(firmId.Length);
        var text = length <= 512 ? stackalloc byte[length] : new byte[length];
        var secret = SipHash.Hash(_k0, _k1, text[..Encoding.UTF8.GetBytes(firmId, text)]);
        return new FirmKey(secret, (secret >> 63) == 0);
    }

    /// <summary>
    /// The factor of the links between two firms given their keys: the magnitude from both firms' words, the side from
    /// the buyer's.
    /// </summary>
    public double Factor(FirmKey buyer, FirmKey supplier)
    {
        // The two firms' words hashed again under the key: every pair its own magnitude, which no one without the key can foretell.
        Span<byte> pair = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(pair, buyer.Secret);
        BinaryPrimitives.WriteUInt64LittleEndian(pair[8..], supplier.Secret);
        var x = SipHash.Hash(_k0, _k1, pair);
        var m = Min + ((x / 18446744073709551616.0) * (Max - Min));
        return buyer.Raises ? 1 + m : 1 - m;
    }
}

/// <summary>A firm's secret word and side in <see cref="ValueNoise"/>.</summary>
public readonly record struct FirmKey(ulong Secret, bool Raises);

/// <summary>
/// A sum of link values that callers without the analyst role may see under the disclosure rules: its true value (for
/// analysts), its value with <see cref="ValueNoise"/> (for anyone else, when it passes rule 1), and what rule 1 looks
/// at: how many distinct buying and supplying firms contribute and the largest value one firm accounts for.
/// </summary>
public sealed record PublishableValue(double Value, double? Noisy, int Buyers, int Suppliers, double LargestFirmValue)
{
    public static readonly PublishableValue Empty = new(0, 0, 0, 0, 0);

    /// <summary>Why the value may not be shown to a caller who cannot read trade values, or null when it may (a sum of no value may).</summary>
    public string? Problem(DisclosureRules rules)
    {
        if (Value <= 0)
        {
            return null;
        }
        if (Buyers < rules.MinLeadFirms)
        {
            return DisclosureReasons.TooFew(Buyers, "buying firm", rules.MinLeadFirms);
        }
        if (Suppliers < rules.MinSuppliers)
        {
            return DisclosureReasons.TooFew(Suppliers, "supplier", rules.MinSuppliers);
        }
        var share = LargestFirmValue / Value;
        return share > rules.MaxDominance + 1e-12 ? DisclosureReasons.Dominant(share, rules) : null;
    }

    /// <summary>Adds up links one by one, firms named by id: their value, their value with the noise (when there is one), and each firm's part.</summary>
    public sealed class Builder(ValueNoise? noise) : Tally<string>(noise, id => id, StringComparer.Ordinal);

    /// <summary>
    /// Adds up links one by one, firms named by any key (a node number: no string hashed per link): their value, their
    /// value with the noise (when there is one; a firm's id is asked of <c>idOf</c> once, when it first comes), and each
    /// firm's part.
    /// </summary>
    public class Tally<TKey>(ValueNoise? noise, Func<TKey, string> idOf, IEqualityComparer<TKey>? comparer = null)
        where TKey : notnull
    {
        // Each firm's part and (with noise) its key, worked out when the firm first comes.
        private readonly Dictionary<TKey, (double Value, FirmKey Key)> _buyers = new(comparer);
        private readonly Dictionary<TKey, (double Value, FirmKey Key)> _suppliers = new(comparer);
        private double _value, _noisy;

        /// <summary>A link of known value (a link of unknown value adds nothing: call it with NaN and it is left out).</summary>
        public void Add(TKey buyerId, TKey supplierId, double value)
        {
            if (double.IsNaN(value) || value <= 0)
            {
                return;
            }
            _value += value;
            ref var buyer = ref Entry(_buyers, buyerId);
            ref var supplier = ref Entry(_suppliers, supplierId);
            buyer.Value += value;
            supplier.Value += value;
            if (noise is not null)
            {
                _noisy += value * noise.Factor(buyer.Key, supplier.Key);
            }
        }

        private ref (double Value, FirmKey Key) Entry(Dictionary<TKey, (double Value, FirmKey Key)> firms, TKey firm)
        {
            ref var entry = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(firms, firm, out var known);
            if (!known && noise is not null)
            {
                entry.Key = noise.KeyOf(idOf(firm));
            }
            return ref entry;
        }

        public PublishableValue Build() => new(
            _value,
            noise is null ? null : _noisy,
            _buyers.Count,
            _suppliers.Count,
            Math.Max(_buyers.Values.Select(b => b.Value).DefaultIfEmpty(0).Max(), _suppliers.Values.Select(s => s.Value).DefaultIfEmpty(0).Max()));
    }
}
