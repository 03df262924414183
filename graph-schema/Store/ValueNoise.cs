using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ecosystem.Graph.Store;

/// <summary>
/// The noise with which sums of link values that callers compose freely (a supply chain's tiers from any root, the
/// clusters of any scope, the trade between any two parks) are shown to callers who cannot read the values. Their
/// number has no bound, so no set of neighbouring tables can be suppressed to stop one being subtracted from another;
/// instead every link's value enters them multiplied by a factor of its own, drawn from a secret key and fixed for the
/// link: <c>1 ± m</c> with <c>m</c> between <see cref="Min"/> and <see cref="Max"/>, the sign being its buying firm's.
/// <list type="bullet">
/// <item>A link always carries the same factor, in every table and every call: asking again, or for another table
/// holding the same links, averages nothing away.</item>
/// <item>The noise adds up link by link, so a difference of two published sums is the noisy sum of the links they
/// differ by: a firm's purchases (or any part of them), worked out by subtraction, come out between <see cref="Min"/>
/// and <see cref="Max"/> away from their true value, all of them off the same way, never closer.</item>
/// <item>A firm's sales to several buyers carry those buyers' signs, which may partly cancel: they are protected in
/// probability rather than by a bound (measured by the disclosure benchmark).</item>
/// </list>
/// </summary>
public sealed class ValueNoise
{
    public const double DefaultMin = 0.10, DefaultMax = 0.20;

    private readonly byte[] _key;

    // One keyed hash per thread, reused while the thread works for the same noise: keying HMAC-SHA256 anew for every
    // firm costs about as much as hashing its id.
    [ThreadStatic]
    private static (ValueNoise Owner, IncrementalHash Hash)? t_hmac;

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
        _key = key.ToArray();
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

    /// <summary>A firm's secret part of the noise (one HMAC): summing many links, each firm's is worked out once.</summary>
    public FirmKey KeyOf(string firmId)
    {
        Span<byte> hash = stackalloc byte[32];
        if (t_hmac is not { } cached || !ReferenceEquals(cached.Owner, this))
        {
            t_hmac?.Hash.Dispose();
            t_hmac = cached = (this, IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key));
        }
        var hmac = cached.Hash;
        var length = Encoding.UTF8.GetMaxByteCount(firmId.Length);
        var text = length <= 512 ? stackalloc byte[length] : new byte[length];
        hmac.AppendData(text[..Encoding.UTF8.GetBytes(firmId, text)]);
        hmac.GetHashAndReset(hash);
        return new FirmKey(BinaryPrimitives.ReadUInt64LittleEndian(hash), (hash[8] & 1) == 0);
    }

    /// <summary>
    /// The factor of the links between two firms given their keys: the magnitude from both firms' secrets (mixed so that
    /// every pair has its own), the side from the buyer's.
    /// </summary>
    public double Factor(FirmKey buyer, FirmKey supplier)
    {
        // The finaliser of MurmurHash3 over the two secret words: without them, the magnitude cannot be foretold.
        var x = (buyer.Secret * 0x9E3779B97F4A7C15UL) ^ supplier.Secret;
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        x *= 0xC4CEB9FE1A85EC53UL;
        x ^= x >> 33;
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
            return $"{Count(Buyers, "buying firm")} (at least {rules.MinLeadFirms} needed)";
        }
        if (Suppliers < rules.MinSuppliers)
        {
            return $"{Count(Suppliers, "supplier")} (at least {rules.MinSuppliers} needed)";
        }
        var share = LargestFirmValue / Value;
        return share > rules.MaxDominance + 1e-12
            ? $"one firm accounts for {(share * 100).ToString("0.#", CultureInfo.InvariantCulture)}% of the value (at most {(rules.MaxDominance * 100).ToString("0.#", CultureInfo.InvariantCulture)}% allowed)"
            : null;
    }

    private static string Count(int n, string what) => n == 1 ? $"1 {what} contributes" : $"{n} {what}s contribute";

    /// <summary>Adds up links one by one: their value, their value with the noise (when there is one), and each firm's part.</summary>
    public sealed class Builder(ValueNoise? noise)
    {
        private readonly Dictionary<string, double> _buyers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, double> _suppliers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, FirmKey> _keys = new(StringComparer.Ordinal);
        private double _value, _noisy;

        /// <summary>A link of known value (a link of unknown value adds nothing: call it with NaN and it is left out).</summary>
        public void Add(string buyerId, string supplierId, double value)
        {
            if (double.IsNaN(value) || value <= 0)
            {
                return;
            }
            _value += value;
            if (noise is not null)
            {
                _noisy += value * noise.Factor(Key(noise, buyerId), Key(noise, supplierId));
            }
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_buyers, buyerId, out _) += value;
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_suppliers, supplierId, out _) += value;
        }

        private FirmKey Key(ValueNoise noise, string firmId)
        {
            ref var key = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_keys, firmId, out var known);
            if (!known)
            {
                key = noise.KeyOf(firmId);
            }
            return key;
        }

        public PublishableValue Build() => new(
            _value,
            noise is null ? null : _noisy,
            _buyers.Count,
            _suppliers.Count,
            Math.Max(_buyers.Values.DefaultIfEmpty(0).Max(), _suppliers.Values.DefaultIfEmpty(0).Max()));
    }
}
