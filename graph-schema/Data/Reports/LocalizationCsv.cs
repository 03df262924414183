using System.Globalization;
using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Data.Reports;

/// <summary>
/// A localization report as CSV (UTF-8, header row, fixed precision: USD with 2 decimals, shares and scores with 4,
/// km with 1; an empty cell for a share of nothing or an unknown distance). One file has a row per input sector, the
/// other a row per candidate of each gap.
/// </summary>
public static class LocalizationCsv
{
    public const string InputsHeader =
        "sector_code,sector_name,value_usd,domestic_value_usd,local_value_usd,foreign_value_usd,domestic_share,local_share,supplier_count,gap,by_country,withheld";

    public const string CandidatesHeader =
        "gap_sector_code,gap_sector_name,rank,firm_id,firm_name,province,score,sector_fit,distance_km,proximity,proven_capability,proven_value_usd,lead_firms_supplied,alliance_member,size";

    public static string Usd(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    public static string Share(double? value) => value?.ToString("F4", CultureInfo.InvariantCulture) ?? "";

    public static string Km(double? value) => value?.ToString("F1", CultureInfo.InvariantCulture) ?? "";

    /// <summary>
    /// One row per input sector, largest value first; <c>gap</c> says whether it is one; <c>by_country</c> is
    /// "CN=300.00;VN=100.00". With <paramref name="published"/> (for a caller who cannot read trade values), the rows come
    /// by sector code, a value the disclosure rules withhold is left empty (a share when either of its values is), the
    /// countries withheld are left out of <c>by_country</c>, <c>gap</c> is empty (gaps are for analysts), and
    /// <c>withheld</c> names what was left out and why.
    /// </summary>
    public static async Task WriteInputsAsync(IGraphStore store, LocalizationReport report, TextWriter writer, CancellationToken cancellationToken, DisclosureVerdicts? published = null)
    {
        var sectors = await SectorsAsync(store, report.Inputs.Select(i => i.SectorId), cancellationToken).ConfigureAwait(false);
        var gaps = report.Gaps.Select(g => g.SectorId).ToHashSet(StringComparer.Ordinal);
        await writer.WriteLineAsync(InputsHeader).ConfigureAwait(false);
        var inputs = published is null ? report.Inputs : report.Inputs.OrderBy(i => i.SectorId, StringComparer.Ordinal).ToList();
        foreach (var input in inputs)
        {
            var sector = sectors[input.SectorId];
            // What the caller may see of the row: each value unless the rules withhold its cell, with the reasons.
            var left = new List<string>();
            string? Withheld(string column, string measure)
            {
                var reason = published?.Withheld(LocalizationDisclosure.Cell(input.SectorId, measure));
                if (reason is not null)
                {
                    left.Add($"{column}: {reason}");
                }
                return reason;
            }
            var value = Withheld("value_usd", LocalizationDisclosure.Value) is null;
            var domestic = Withheld("domestic_value_usd", LocalizationDisclosure.Domestic) is null;
            var local = Withheld("local_value_usd", LocalizationDisclosure.Local) is null;
            var foreign = Withheld("foreign_value_usd", LocalizationDisclosure.Foreign) is null;
            var countries = new List<GroupValue>();
            foreach (var c in published is null ? input.ByCountry : input.ByCountry.OrderBy(c => c.Key, StringComparer.Ordinal).AsEnumerable())
            {
                if (published?.Withheld(LocalizationDisclosure.CountryCell(input.SectorId, c.Key)) is { } reason)
                {
                    left.Add($"by_country {c.Key}: {reason}");
                    continue;
                }
                countries.Add(c);
            }
            await writer.WriteLineAsync(Csv.Line(
                SectorCode.Of(sector), sector.Name,
                value ? Usd(input.ValueUsd) : null, domestic ? Usd(input.DomesticValueUsd) : null, local ? Usd(input.LocalValueUsd) : null, foreign ? Usd(input.ForeignValueUsd) : null,
                value && domestic ? Share(input.DomesticShare) : null, value && local ? Share(input.LocalShare) : null,
                input.SupplierCount.ToString(CultureInfo.InvariantCulture),
                published is not null ? null : gaps.Contains(input.SectorId) ? "true" : "false",
                string.Join(';', countries.Select(c => $"{c.Key}={Usd(c.ValueUsd)}")),
                string.Join("; ", left))).ConfigureAwait(false);
        }
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>For each gap (largest foreign value first), its best <paramref name="first"/> candidates, ranked from 1.</summary>
    public static async Task WriteCandidatesAsync(IGraphStore store, LocalizationReport report, int first, TextWriter writer, CancellationToken cancellationToken)
    {
        var gapIds = report.Gaps.Select(g => g.SectorId).ToList();
        var candidates = gapIds.Count == 0
            ? []
            : await store.SupplierCandidatesAsync(report.Request, gapIds, first, cancellationToken).ConfigureAwait(false);
        var sectors = await SectorsAsync(store, gapIds, cancellationToken).ConfigureAwait(false);
        var firmIds = candidates.SelectMany(c => c.Select(x => x.FirmId)).Distinct(StringComparer.Ordinal).ToList();
        var firms = (await store.GetNodesAsync(firmIds, cancellationToken).ConfigureAwait(false)).OfType<Firm>().ToDictionary(f => f.Id, StringComparer.Ordinal);
        var provinceIds = firms.Values.Select(f => f.ProvinceId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var provinces = (await store.GetNodesAsync(provinceIds, cancellationToken).ConfigureAwait(false)).OfType<Province>().ToDictionary(p => p.Id, StringComparer.Ordinal);
        await writer.WriteLineAsync(CandidatesHeader).ConfigureAwait(false);
        for (var g = 0; g < gapIds.Count; g++)
        {
            var sector = sectors[gapIds[g]];
            var rank = 0;
            foreach (var c in candidates[g])
            {
                var firm = firms[c.FirmId];
                await writer.WriteLineAsync(Csv.Line(
                    SectorCode.Of(sector), sector.Name, (++rank).ToString(CultureInfo.InvariantCulture), firm.Id, firm.Name,
                    firm.ProvinceId is { } p && provinces.TryGetValue(p, out var province) ? province.Name : null,
                    Share(c.Score), Share(c.SectorFit), Km(c.DistanceKm), Share(c.Proximity), Share(c.ProvenCapability), Usd(c.ProvenValueUsd),
                    c.LeadFirmsSupplied.ToString(CultureInfo.InvariantCulture), c.AllianceMember ? "true" : "false",
                    firm.Size is { } size ? size.ToString().ToUpperInvariant() : null)).ConfigureAwait(false);
            }
        }
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Dictionary<string, Sector>> SectorsAsync(IGraphStore store, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var list = ids.Distinct(StringComparer.Ordinal).ToList();
        return (await store.GetNodesAsync(list, cancellationToken).ConfigureAwait(false)).OfType<Sector>().ToDictionary(s => s.Id, StringComparer.Ordinal);
    }
}
