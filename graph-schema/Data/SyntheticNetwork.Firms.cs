using System.Globalization;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Data;

/// <summary>Synthetic firms: names, places, parks, countries and sizes, all labelled synthetic.</summary>
public partial class SyntheticNetwork
{
    private static Firm DomesticFirm(int i, bool isLead, SplitMix64 rng, string sectorId, Province[] provinces, double[] provinceWeights,
        Park[] parks, Dictionary<string, string> parkProvince, IReadOnlyList<string> cite)
    {
        var fdi = isLead ? rng.NextDouble() < 0.6 : rng.NextDouble() < 0.1;
        var ownership = fdi ? (rng.NextDouble() < 0.85 ? Ownership.Fdi : Ownership.JointVenture)
            : rng.NextDouble() < 0.06 ? Ownership.State : Ownership.DomesticPrivate;
        string? parkId = null;
        string provinceId;
        if (parks.Length > 0 && (isLead || rng.NextDouble() < 0.3))
        {
            var park = parks[rng.NextInt(parks.Length)];
            parkId = park.Id;
            provinceId = parkProvince[park.Id];
        }
        else
        {
            provinceId = provinces[PickIndex(rng, provinceWeights)].Id;
        }
        var name = fdi
            ? $"{ForeignWords[rng.NextInt(ForeignWords.Length)]} {Words[rng.NextInt(Words.Length)]} Vina {i:D7} (synthetic)"
            : $"Công ty TNHH {Trades[rng.NextInt(Trades.Length)]} {Words[rng.NextInt(Words.Length)]} {Words[rng.NextInt(Words.Length)]} {i:D7} (synthetic)";
        return new Firm
        {
            Id = FirmId(i),
            Name = name,
            Country = "VN",
            OriginCountry = fdi ? ForeignCountries[rng.NextInt(4)].Country : null,
            Ownership = ownership,
            Size = isLead ? FirmSize.Large : (FirmSize)(1 + rng.NextInt(3)),
            Roles = isLead ? [FirmRole.LeadFirm] : [FirmRole.SupportingIndustry],
            ProvinceId = provinceId,
            ParkId = parkId,
            SectorIds = [sectorId],
            Sources = cite,
        };
    }

    private static Firm ForeignFirm(int i, SplitMix64 rng, string sectorId, IReadOnlyList<string> cite)
    {
        var country = Pick(rng, ForeignCountries);
        return new Firm
        {
            Id = FirmId(i),
            Name = $"{ForeignWords[rng.NextInt(ForeignWords.Length)]} {ForeignWords[rng.NextInt(ForeignWords.Length)]} {country} {i:D7} Co., Ltd. (synthetic)",
            Country = country,
            Size = (FirmSize)(1 + rng.NextInt(4)),
            SectorIds = [sectorId],
            Sources = cite,
        };
    }

    private static int PickIndex(SplitMix64 rng, double[] weights)
    {
        var total = 0.0;
        foreach (var w in weights)
        {
            total += w;
        }
        var u = rng.NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u < 0)
            {
                return i;
            }
        }
        return weights.Length - 1;
    }
}
