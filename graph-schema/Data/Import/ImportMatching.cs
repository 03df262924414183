using Ecosystem.Graph.Data.Input;
using Ecosystem.Graph.Matching;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Data.Import;

/// <summary>What became of a row an import matched.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(MatchOutcomeJson))]
public enum MatchOutcome
{
    /// <summary>A sure match: the row updates that firm (a link's end names it).</summary>
    Matched = 1,

    /// <summary>No firm comes near: the row is a new firm.</summary>
    New,

    /// <summary>Candidates, none sure: the row is held back for review and nothing of it is written.</summary>
    Held,
}

/// <summary>An outcome in JSON as the API writes its enums: MATCHED, NEW, HELD.</summary>
public sealed class MatchOutcomeJson() : System.Text.Json.Serialization.JsonStringEnumConverter<MatchOutcome>(System.Text.Json.JsonNamingPolicy.SnakeCaseUpper);

/// <summary>One row's match: where it is, the name it gave, what became of it, the firm it names and the candidates with their evidence.</summary>
public sealed record MatchDecision(string File, int Line, string Name, MatchOutcome Outcome, string? FirmId, double? Score, IReadOnlyList<MatchCandidate> Candidates)
{
    /// <summary>The evidence of the best candidate (or why the row is held), as the review file writes it.</summary>
    public string Evidence { get; init; } = "";
}

/// <summary>What an import's matching did: counts, each matched row's decision, and the rows held back for review.</summary>
public sealed record MatchSummary
{
    public int Matched { get; init; }

    public int Created { get; init; }

    public int Held { get; init; }

    /// <summary>Links whose ends were named by name and found; links held back are among <see cref="Review"/>.</summary>
    public int LinksMatched { get; init; }

    public required IReadOnlyList<MatchDecision> Decisions { get; init; }

    /// <summary>The rows held back, firms and links: none of them is written.</summary>
    public IReadOnlyList<MatchDecision> Review => [.. Decisions.Where(d => d.Outcome == MatchOutcome.Held)];

    /// <summary>The review file's columns.</summary>
    public static readonly string[] ReviewColumns = ["file", "row", "name", "score", "candidate_ids", "candidate_names", "evidence"];

    /// <summary>The review file: one line per row held back, its best score (0-100), its candidates best first, and the evidence.</summary>
    public async Task WriteReviewAsync(TextWriter writer, CancellationToken cancellationToken = default)
    {
        await writer.WriteLineAsync(Csv.Line(ReviewColumns)).ConfigureAwait(false);
        foreach (var d in Review)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteLineAsync(Csv.Line(
                d.File, d.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), d.Name,
                d.Score is { } score ? Math.Round(score * 100, 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
                string.Join(';', d.Candidates.Select(c => c.FirmId)), string.Join(';', d.Candidates.Select(c => c.Name)), d.Evidence)).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// The matching step of an import (<c>seed import --match</c>, <c>POST /import?match=true</c>): firm rows without an id are
/// matched against the graph's firms (<see cref="FirmMatcher"/>) before they are checked. A sure match takes that firm's
/// id and updates it field by field (<see cref="InputBatch.Merging"/>), cited to the row's sources; a row whose best
/// candidate scores under <see cref="NewBelow"/> (or that has none) becomes a new firm with an id made from its name;
/// any other row is held back. Links may name their ends by name (with <c>supplier_province</c>, <c>buyer_province</c>),
/// found among the file's firm rows first and then in the graph the same way; a link with an end not surely found is
/// held back. Held rows become nulls in the batch, which the planner skips: nothing of them is written.
/// </summary>
internal sealed class ImportMatching(IGraphStore store, FirmMatcher matcher, ProvinceDirectory provinces, DateOnly today)
{
    /// <summary>A row whose best candidate scores under this is a new firm: nothing in the graph comes near it.</summary>
    public const double NewBelow = 0.5;

    private readonly List<MatchDecision> _decisions = [];
    // The firms the file's rows resolved to, by the name's tokens with and without the province, for links naming them.
    private readonly Dictionary<string, string> _rowFirms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _rowFirmsAnywhere = new(StringComparer.Ordinal);
    private int _linksMatched;

    public HashSet<string> Merging { get; } = new(StringComparer.Ordinal);

    public MatchSummary Summary() => new()
    {
        Matched = _decisions.Count(d => d.Outcome == MatchOutcome.Matched && d.File != LinkFile),
        Created = _decisions.Count(d => d.Outcome == MatchOutcome.New),
        Held = _decisions.Count(d => d.Outcome == MatchOutcome.Held),
        LinksMatched = _linksMatched,
        Decisions = [.. _decisions.OrderBy(d => d.File == LinkFile ? 1 : 0).ThenBy(d => d.Line)],
    };

    private string LinkFile { get; set; } = "";

    /// <summary>Matches the firm rows without an id: each input given back with the id it gets, or null when held back.</summary>
    public async Task<List<FirmInput?>> FirmsAsync(IReadOnlyList<CsvRow> rows, IReadOnlyList<FirmInput?> inputs, CancellationToken cancellationToken)
    {
        var result = new List<FirmInput?>(inputs);
        var matchedRows = new Dictionary<int, (FirmInput Input, MatchCandidate Best, MatchRecord Record)>();
        var takenBy = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < inputs.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (inputs[i] is not { } input || !string.IsNullOrWhiteSpace(input.Id))
            {
                if (inputs[i] is { } given)
                {
                    Remember(given, NodeIds.Prefixed(NodeKind.Firm, given.Id.Trim()));
                }
                continue;
            }
            var record = Record(input);
            var found = matcher.Match(record, 5);
            var best = First(found);
            if (found.Sure && best is not null)
            {
                if (takenBy.TryGetValue(best.FirmId, out var earlier))
                {
                    // Two rows of the file for one firm: the second waits for a person.
                    Hold(rows[i], input.Name, found, $"line {rows[earlier].Line} already matched {best.FirmId}");
                    result[i] = null;
                    continue;
                }
                takenBy[best.FirmId] = i;
                matchedRows[i] = (input, best, record);
                continue;
            }
            if (best is null || best.Score < NewBelow)
            {
                result[i] = input with { Id = "" };
                _decisions.Add(new MatchDecision(rows[i].File, rows[i].Line, input.Name, MatchOutcome.New, null, best?.Score, found.Candidates)
                {
                    Evidence = best is null ? "no firm of the graph shares a rare word of the name" : $"best candidate {best.FirmId} at {Percent(best.Score)}: {Evidence(best)}",
                });
                continue;
            }
            Hold(rows[i], input.Name, found, Evidence(best));
            result[i] = null;
        }
        // The firms matched: the row updates it, keeping the firm's tax code and its place when the row names the same one.
        var stored = await store.GetNodesAsync([.. matchedRows.Values.Select(m => m.Best.FirmId)], cancellationToken).ConfigureAwait(false);
        var k = 0;
        foreach (var (i, (input, best, record)) in matchedRows.OrderBy(m => m.Key))
        {
            var firm = stored[k++] as Firm;
            if (firm is null)
            {
                Hold(rows[i], input.Name, new MatchResult([best], false), $"{best.FirmId} is no longer in the graph");
                result[i] = null;
                continue;
            }
            var samePlace = input.Province is null || record.ProvinceIds.Contains(firm.ProvinceId ?? "") || record.ProvinceIds.Contains(firm.Placement?.FormerProvinceId ?? "");
            result[i] = input with
            {
                Id = firm.Id,
                Name = firm.Name,
                Country = string.IsNullOrWhiteSpace(input.Country) ? firm.Country : input.Country,
                TaxCode = firm.TaxCode ?? input.TaxCode,
                Province = samePlace ? firm.ProvinceId : input.Province,
                Ward = samePlace && input.Ward is null ? firm.WardId : input.Ward,
                Address = input.Address ?? (samePlace ? firm.Address : null),
                Park = input.Park ?? (samePlace ? firm.ParkId : null),
                Lat = input.Lat ?? (input.Lng is null ? firm.Lat : null),
                Lng = input.Lng ?? (input.Lat is null ? firm.Lng : null),
            };
            Merging.Add(firm.Id);
            Remember(input, firm.Id);
            _decisions.Add(new MatchDecision(rows[i].File, rows[i].Line, input.Name, MatchOutcome.Matched, firm.Id, best.Score, [best]) { Evidence = Evidence(best) });
        }
        // New firms: an id from the name, unused in the graph and the file.
        var newIds = inputs.OfType<FirmInput>().Where(f => f.Id.Length > 0).Select(f => NodeIds.Prefixed(NodeKind.Firm, f.Id.Trim())).ToHashSet(StringComparer.Ordinal);
        // The graph asked once for every id the names give; only a name whose id is taken asks again, for its -2, -3...
        var named = Enumerable.Range(0, result.Count).Where(i => result[i] is { Id.Length: 0 }).ToDictionary(i => i, i => BaseId(result[i]!.Name, rows[i].Line));
        var asked = named.Values.Distinct(StringComparer.Ordinal).ToList();
        var inGraph = asked.Count == 0 ? [] : await store.GetNodesAsync(asked, cancellationToken).ConfigureAwait(false);
        // An id in use (or a merged firm's, which still resolves) is taken.
        newIds.UnionWith(asked.Where((_, k) => inGraph[k] is not null));
        var known = asked.ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < result.Count; i++)
        {
            if (result[i] is { Id.Length: 0 } fresh)
            {
                var id = await FreshIdAsync(named[i], newIds, known, cancellationToken).ConfigureAwait(false);
                var key = NameKey(fresh.Name, fresh.Province);
                if (_rowFirms.TryGetValue(key, out var same))
                {
                    var at = _decisions.FindIndex(d => d.Line == rows[i].Line && d.File == rows[i].File);
                    _decisions[at] = _decisions[at] with
                    {
                        Outcome = MatchOutcome.Held,
                        Score = 1,
                        Candidates = [new MatchCandidate(same, fresh.Name, 1, [new MatchFeature("name", 1, "the same name and province as an earlier line of this file")])],
                        Evidence = $"the same name and province as {same}, made by an earlier line",
                    };
                    result[i] = null;
                    continue;
                }
                result[i] = fresh with { Id = id, Country = string.IsNullOrWhiteSpace(fresh.Country) ? "VN" : fresh.Country };
                var decision = _decisions.FindIndex(d => d.Line == rows[i].Line && d.File == rows[i].File);
                _decisions[decision] = _decisions[decision] with { FirmId = id };
                Remember(fresh, id);
            }
        }
        return result;
    }

    /// <summary>Links whose ends name a firm neither by id nor by tax code: found by name (and province) or held back.</summary>
    public async Task<List<LinkInput?>> LinksAsync(IReadOnlyList<CsvRow> rows, IReadOnlyList<LinkInput?> inputs, IReadOnlySet<string> batchFirmIds, CancellationToken cancellationToken)
    {
        LinkFile = rows.Count > 0 ? rows[0].File : "";
        var result = new List<LinkInput?>(inputs);
        var refs = inputs.SelectMany(l => l is null ? [] : new[] { l.Supplier, l.Buyer }).Select(r => r.Trim())
            .Where(r => r.Length > 0 && !InputChecks.LooksLikeTaxCode(r) && NodeIds.IsValid(NodeIds.Prefixed(NodeKind.Firm, r), out _))
            .Select(r => NodeIds.Prefixed(NodeKind.Firm, r)).Where(id => !batchFirmIds.Contains(id)).Distinct(StringComparer.Ordinal).ToList();
        var existing = await InputChecks.ExistingAsync(store, refs, NodeKind.Firm, cancellationToken).ConfigureAwait(false);
        existing.UnionWith(batchFirmIds);
        for (var i = 0; i < inputs.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (inputs[i] is not { } link)
            {
                continue;
            }
            var supplier = End(rows[i], link.Supplier, "supplier_province", existing);
            var buyer = End(rows[i], link.Buyer, "buyer_province", existing);
            if ((supplier.Held ?? buyer.Held) is { } held)
            {
                _decisions.Add(held.Decision with { Evidence = $"{(supplier.Held is not null ? "supplier" : "buyer")}: {held.Decision.Evidence}" });
                result[i] = null;
                continue;
            }
            if (supplier.Named || buyer.Named)
            {
                _linksMatched++;
            }
            result[i] = link with { Supplier = supplier.Id, Buyer = buyer.Id };
        }
        return result;
    }

    private sealed record HeldEnd(MatchDecision Decision);

    /// <summary>One end of a link: as given when it is an id or a tax code, else the firm its name surely means.</summary>
    private (string Id, bool Named, HeldEnd? Held) End(CsvRow row, string given, string provinceColumn, HashSet<string> existing)
    {
        var value = given.Trim();
        if (value.Length == 0 || InputChecks.LooksLikeTaxCode(value)
            || (NodeIds.IsValid(NodeIds.Prefixed(NodeKind.Firm, value), out _) && existing.Contains(NodeIds.Prefixed(NodeKind.Firm, value))))
        {
            return (value, false, null);
        }
        var province = row.Optional(provinceColumn);
        if (_rowFirms.TryGetValue(NameKey(value, province), out var inFile) || (province is null && _rowFirmsAnywhere.TryGetValue(NameKey(value, null), out inFile)))
        {
            _decisions.Add(new MatchDecision(row.File, row.Line, value, MatchOutcome.Matched, inFile, 1, [])
            {
                Evidence = "the name (and province) of a firm row of this import",
            });
            return (inFile, true, null);
        }
        var record = new MatchRecord { Name = value, ProvinceIds = Provinces(province) };
        var found = matcher.Match(record, 5);
        if (found.Sure && found.Match is { } match)
        {
            _decisions.Add(new MatchDecision(row.File, row.Line, value, MatchOutcome.Matched, match.FirmId, match.Score, [match]) { Evidence = Evidence(match) });
            return (match.FirmId, true, null);
        }
        var best = First(found);
        var why = best is null ? "no firm of the graph or the file has this name" : Evidence(best);
        return (value, true, new HeldEnd(new MatchDecision(row.File, row.Line, value, MatchOutcome.Held, null, best?.Score, found.Candidates) { Evidence = why }));
    }

    private void Hold(CsvRow row, string name, MatchResult found, string why) =>
        _decisions.Add(new MatchDecision(row.File, row.Line, name, MatchOutcome.Held, null, First(found)?.Score, found.Candidates) { Evidence = why });

    /// <summary>A firm row's name and province, as links of the same import may name it.</summary>
    private void Remember(FirmInput input, string id)
    {
        _rowFirms.TryAdd(NameKey(input.Name, input.Province), id);
        _rowFirmsAnywhere.TryAdd(NameKey(input.Name, null), id);
    }

    /// <summary>The name's tokens and the province in force it names (old and new names alike), as one key.</summary>
    private string NameKey(string name, string? province)
    {
        var place = province is not null && provinces.Resolve(province, today) is { } p ? provinces.RollUp(p, today).Id : province is null ? "" : VietnameseText.Fold(province);
        return $"{string.Join(' ', FirmNames.Tokens(name))}|{place}";
    }

    private HashSet<string> Provinces(string? province) =>
        province is not null && provinces.Resolve(province, today) is { } p ? MatchRecords.ProvinceIds(provinces, p, today) : [];

    /// <summary>A firm row as a record to match: its name, tax code, province (old or new), ward, park (by id), sectors, address and identifiers.</summary>
    private MatchRecord Record(FirmInput input) => new()
    {
        Name = input.Name,
        TaxCode = input.TaxCode,
        ProvinceIds = Provinces(input.Province),
        WardId = input.Ward is { Length: > 0 } ward ? MatchRecords.WardId(ward.Trim()) : null,
        ParkId = input.Park is { } park && park.StartsWith("park:", StringComparison.Ordinal) ? park : null,
        SectorIds = [.. input.Sectors.Select(SectorCode.ToId)],
        Address = input.Address,
        Identifiers = [.. (input.Identifiers ?? []).Select(i => Identifiers.TryNormalize(i.Scheme, i.Value, out var c, out _) ? i with { Value = c } : i)],
    };

    /// <summary>The id a new firm's name gives: its folded name (legal forms and all), at most 80 characters.</summary>
    private static string BaseId(string name, int line)
    {
        var slug = VietnameseText.Slug(name);
        slug = slug.Length > 80 ? slug[..80].TrimEnd('-') : slug;
        return NodeIds.Make(NodeKind.Firm, slug.Length == 0 || !char.IsAsciiLetterOrDigit(slug[0]) ? $"imported-{line}" : slug);
    }

    /// <summary>
    /// An id for a new firm: the one its name gives, then -2, -3... until neither the graph nor the file has it
    /// (<paramref name="checkedIds"/>: ids the graph was already asked about, those it has being in <paramref name="taken"/>).
    /// </summary>
    private async Task<string> FreshIdAsync(string baseId, HashSet<string> taken, HashSet<string> checkedIds, CancellationToken cancellationToken)
    {
        for (var n = 1; ; n++)
        {
            var id = n == 1 ? baseId : $"{baseId}-{n}";
            if (taken.Contains(id))
            {
                continue;
            }
            if (checkedIds.Contains(id) || (await store.GetNodesAsync([id], cancellationToken).ConfigureAwait(false))[0] is null)
            {
                taken.Add(id);
                return id;
            }
            taken.Add(id);
        }
    }

    private static MatchCandidate? First(MatchResult found) => found.Candidates.Count > 0 ? found.Candidates[0] : null;

    private static string Evidence(MatchCandidate candidate) => string.Join("; ", candidate.Features.Select(f => f.Evidence));

    private static string Percent(double score) => $"{Math.Round(score * 100):0}%";
}
