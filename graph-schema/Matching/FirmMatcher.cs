using System.Globalization;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Graph.Matching;

/// <summary>
/// A record from another list to find in the graph: a name, and whatever else it carries. <see cref="ProvinceIds"/> is
/// the province it names and the units that overlap it in the other map (the caller resolves names, old or new).
/// </summary>
public sealed record MatchRecord
{
    public required string Name { get; init; }

    public string? TaxCode { get; init; }

    public IReadOnlySet<string> ProvinceIds { get; init; } = new HashSet<string>();

    public string? WardId { get; init; }

    public string? ParkId { get; init; }

    /// <summary>Sector ids at any level: a firm of the same division counts.</summary>
    public IReadOnlyList<string> SectorIds { get; init; } = [];

    public string? Address { get; init; }

    /// <summary>Identifiers the record carries, as keys ("OSH:VN2023145...", see <see cref="FirmIdentifier.Key"/>), canonical.</summary>
    public IReadOnlyList<FirmIdentifier> Identifiers { get; init; } = [];
}

/// <summary>One part of a candidate's score: which (name, tax_code, province, ward, park, sector, address), how much it adds, and why.</summary>
public sealed record MatchFeature(string Id, double Value, string Evidence);

/// <summary>A firm a record may mean: its score (0 to 1) and the parts of it.</summary>
public sealed record MatchCandidate(string FirmId, string Name, double Score, IReadOnlyList<MatchFeature> Features);

/// <summary>The candidates, best first; <see cref="Sure"/> when the first passes the threshold and leads the next by the margin.</summary>
public sealed record MatchResult(IReadOnlyList<MatchCandidate> Candidates, bool Sure)
{
    public MatchCandidate? Match => Sure ? Candidates[0] : null;
}

/// <summary>Two firms of the graph that may be one: the score of the second as a match of the first, and its parts.</summary>
public sealed record DuplicatePair(string FirmId, string Name, string OtherId, string OtherName, double Score, IReadOnlyList<MatchFeature> Features);

/// <summary>When a match is sure: the best score at least <see cref="Threshold"/>, ahead of the next by <see cref="Margin"/>.</summary>
public sealed record MatchRules
{
    public double Threshold { get; init; } = 0.8;

    public double Margin { get; init; } = 0.1;
}

/// <summary>
/// Finds the firms a record means among many (a million stays fast). A tax code decides alone: the same code is a
/// match, a branch code (<c>0314409058-002</c>) matches its parent as a branch, a different code counts against; so does
/// an identifier both hold (Open Supply Hub, LEI, GLN...), another LEI or registration number counting against.
/// Otherwise the names are compared token by token (<see cref="FirmNames"/>): each token weighs by how rare it is in the
/// graph (legal forms a tenth of that); trade words and legal forms may come in any order, a proper name's syllables
/// keep theirs; a word no firm has matches one letter off at 0.8 (a misspelling), a known word one letter from another
/// at 0.3 (0.5 from five letters, 0.8 from seven); a word no firm has, alone or with its neighbour, one letter from a
/// trade or legal form of six letters or more is read as it ("hoa cht"); two words written as one match; two different
/// trades count against.
/// The name's score is the weighted share of tokens the two names have in common (Dice, the firm's words the record
/// leaves out counting half). The same province (old or new), ward, park or division add to it, a different one takes
/// away, and shared address words add a little. Blocking: only firms sharing the record's rarest words are scored (two
/// or three of them when those words are common; at most <see cref="MaxScored"/>).
/// </summary>
public sealed class FirmMatcher
{
    private readonly Firm[] _firms;
    private readonly int[][] _tokensOf;
    private readonly string[][] _addressOf;
    private readonly Dictionary<string, int> _tokenIds = new(StringComparer.Ordinal);
    private readonly List<string> _tokens = [];
    private readonly List<List<int>> _postings = [];
    private readonly Dictionary<string, List<int>> _byTaxCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _byIdentifier = new(StringComparer.Ordinal);
    // Every word of every firm's name as written (folded, numbers left out), before phrases are joined: a record's word
    // not among them may be misspelt.
    private readonly HashSet<string> _words = new(StringComparer.Ordinal);
    // The spelling neighbours of the words that may be misspelt: each word with one letter left out, to its word ids.
    private readonly Dictionary<string, List<int>> _deletions = new(StringComparer.Ordinal);
    private readonly MatchRules _rules;

    /// <summary>The candidates scored for a record at most (those sharing the most rare words first).</summary>
    public const int MaxScored = 500;

    public FirmMatcher(IEnumerable<Firm> firms, MatchRules? rules = null)
    {
        _rules = rules ?? new MatchRules();
        _firms = [.. firms];
        _tokensOf = new int[_firms.Length][];
        _addressOf = new string[_firms.Length][];
        for (var f = 0; f < _firms.Length; f++)
        {
            var firm = _firms[f];
            var words = VietnameseText.Tokens(firm.Name);
            foreach (var word in words)
            {
                if (!word.Any(char.IsAsciiDigit))
                {
                    _words.Add(word);
                }
            }
            _tokensOf[f] = [.. FirmNames.Tokens(words).Select(Intern).Distinct()];
            foreach (var t in _tokensOf[f])
            {
                _postings[t].Add(f);
            }
            _addressOf[f] = VietnameseText.Tokens(firm.Address);
            if (firm.TaxCode is { } code && TaxCode.TryNormalize(code, out var canonical, out _))
            {
                ListOf(_byTaxCode, canonical).Add(f);
            }
            foreach (var identifier in firm.Identifiers ?? [])
            {
                ListOf(_byIdentifier, identifier.Key).Add(f);
            }
        }
        _weights = [.. Enumerable.Range(0, _tokens.Count).Select(t => Weight(_tokens[t], _postings[t].Count))];
        for (var t = 0; t < _tokens.Count; t++)
        {
            if (FirmNames.IsFuzzy(_tokens[t]))
            {
                foreach (var deletion in Deletions(_tokens[t]))
                {
                    ListOf(_deletions, deletion).Add(t);
                }
            }
        }
    }

    public int Count => _firms.Length;

    private static List<int> ListOf(Dictionary<string, List<int>> lists, string key)
    {
        if (!lists.TryGetValue(key, out var list))
        {
            lists[key] = list = [];
        }
        return list;
    }

    private int Intern(string token)
    {
        if (!_tokenIds.TryGetValue(token, out var id))
        {
            id = _tokens.Count;
            _tokenIds[token] = id;
            _tokens.Add(token);
            _postings.Add([]);
        }
        return id;
    }

    private static IEnumerable<string> Deletions(string word)
    {
        yield return word;
        for (var i = 0; i < word.Length; i++)
        {
            yield return string.Concat(word.AsSpan(0, i), word.AsSpan(i + 1));
        }
    }

    /// <summary>How much a token weighs: rarer weighs more (a token no firm has, the most); a legal form a tenth.</summary>
    private double Weight(string token, int df) =>
        Math.Log(1 + ((double)_firms.Length / Math.Max(1, df))) * (FirmNames.IsLegalForm(token) ? 0.1 : 1);

    private double Weight(int tokenId) => _weights[tokenId];

    // Each token's weight, worked out once the postings are complete.
    private double[] _weights = [];

    // Hit counts of the firms for one query at a time on a thread, cleared after use.
    [ThreadStatic]
    private static (FirmMatcher Owner, int[] Counts)? t_counts;

    /// <summary>What a record's match needs of it, worked out once: its tokens and their spellings, its codes and places.</summary>
    private sealed class Query
    {
        public required string[] Tokens { get; init; }

        public required int[] Known { get; init; }

        public required List<int>[] Near { get; init; }

        public required int[] Joined { get; init; }

        public required double[] Weights { get; init; }

        public required int[] Trades { get; init; }

        public bool HasTrades { get; init; }

        public string? Code { get; init; }

        public string? ParentCode { get; init; }

        public required HashSet<string> AddressWords { get; init; }

        public required HashSet<string> Divisions { get; init; }

        public required MatchRecord Record { get; init; }
    }

    /// <summary>The record's candidates, best first (at most <paramref name="limit"/>), and whether the first is sure.</summary>
    public MatchResult Match(MatchRecord record, int limit = 5)
    {
        var tokens = FirmNames.Tokens(record.Name);
        if (tokens.Any(t => !_tokenIds.ContainsKey(t)))
        {
            // A word no firm has may be a misspelt trade or legal form: read the name again with that in mind.
            tokens = FirmNames.Tokens(VietnameseText.Tokens(record.Name), _words.Contains);
        }
        tokens = [.. tokens.Distinct(StringComparer.Ordinal)];
        // Each query token: its id when some firm has it, and the ids of the words one letter away.
        var known = new int[tokens.Length];
        var near = new List<int>[tokens.Length];
        var weights = new double[tokens.Length];
        for (var q = 0; q < tokens.Length; q++)
        {
            known[q] = _tokenIds.GetValueOrDefault(tokens[q], -1);
            near[q] = [];
            if (FirmNames.IsFuzzy(tokens[q]))
            {
                foreach (var deletion in Deletions(tokens[q]))
                {
                    foreach (var t in _deletions.GetValueOrDefault(deletion) ?? [])
                    {
                        if (t != known[q] && !near[q].Contains(t) && FirmNames.EditDistanceAtMostOne(_tokens[t], tokens[q]))
                        {
                            near[q].Add(t);
                        }
                    }
                }
            }
        }
        for (var q = 0; q < tokens.Length; q++)
        {
            // A word no firm has weighs as the rarest of the words it may be a misspelling of (else as the rarest there is).
            weights[q] = known[q] >= 0 ? Weight(known[q]) : near[q].Count > 0 ? near[q].Max(Weight) : Weight(tokens[q], 0);
        }
        // Two of the record's words that some firm writes as one ("Vin Fast", "Vinfast").
        var joined = new int[tokens.Length];
        for (var q = 0; q < tokens.Length; q++)
        {
            joined[q] = q + 1 < tokens.Length && !FirmNames.IsLegalForm(tokens[q]) && !FirmNames.IsLegalForm(tokens[q + 1])
                ? _tokenIds.GetValueOrDefault(tokens[q] + tokens[q + 1], -1)
                : -1;
        }
        string? code = null, parentCode = null;
        if (record.TaxCode is { } given && TaxCode.TryNormalize(given, out var canonical, out _))
        {
            code = canonical;
            parentCode = canonical.Length > 10 ? canonical[..10] : null;
        }
        var query = new Query
        {
            Tokens = tokens, Known = known, Near = near, Joined = joined, Weights = weights,
            Trades = [.. tokens.Where(t => t[0] == '#').Select(t => _tokenIds.GetValueOrDefault(t, -1))],
            HasTrades = tokens.Any(t => t[0] == '#'),
            Code = code, ParentCode = parentCode,
            AddressWords = VietnameseText.Tokens(record.Address).ToHashSet(StringComparer.Ordinal),
            Divisions = record.SectorIds.Select(Division).ToHashSet(StringComparer.Ordinal),
            Record = record,
        };
        var scored = Candidates(query);
        if (code is not null)
        {
            foreach (var f in (_byTaxCode.GetValueOrDefault(code) ?? []).Concat(parentCode is null ? [] : _byTaxCode.GetValueOrDefault(parentCode) ?? []))
            {
                scored.Add(f);
            }
        }
        foreach (var identifier in record.Identifiers)
        {
            scored.UnionWith(_byIdentifier.GetValueOrDefault(identifier.Key) ?? []);
        }
        // Scores alone for every candidate; the parts of the score only for those returned.
        var ranked = new List<(int Firm, double Score)>(scored.Count);
        foreach (var f in scored)
        {
            ranked.Add((f, Score(f, query, null)));
        }
        ranked.Sort((x, y) => x.Score != y.Score ? y.Score.CompareTo(x.Score) : string.CompareOrdinal(_firms[x.Firm].Id, _firms[y.Firm].Id));
        var candidates = new List<MatchCandidate>(Math.Min(ranked.Count, Math.Max(1, limit)));
        foreach (var (f, score) in ranked.Take(Math.Max(1, limit)))
        {
            var features = new List<MatchFeature>();
            Score(f, query, features);
            candidates.Add(new MatchCandidate(_firms[f].Id, _firms[f].Name, Math.Min(1, score), features));
        }
        var sure = ranked.Count > 0 && ranked[0].Score >= _rules.Threshold
            && (ranked.Count == 1 || ranked[0].Score - ranked[1].Score >= _rules.Margin);
        return new MatchResult(candidates, sure);
    }

    /// <summary>
    /// Probable duplicates among the indexed firms: each firm matched as a record of itself (name, tax code, province
    /// and former province, ward, park, sectors, address) against the others, every pair scoring at least
    /// <paramref name="minScore"/> from either side listed once at its higher score, highest first (at most
    /// <paramref name="first"/>), the evidence being that of the side which scored it. On every core.
    /// </summary>
    public IReadOnlyList<DuplicatePair> Duplicates(double minScore, int first, CancellationToken cancellationToken = default) =>
        Duplicates(minScore, first, null, cancellationToken);

    /// <summary>
    /// As <see cref="Duplicates(double, int, CancellationToken)"/>, each pair with at least one firm among
    /// <paramref name="only"/> (its other firm anywhere in the graph); all firms when null.
    /// </summary>
    public IReadOnlyList<DuplicatePair> Duplicates(double minScore, int first, IReadOnlySet<string>? only, CancellationToken cancellationToken = default)
    {
        // A pair may be found from either firm (a name's score is not symmetric): kept once, at the higher score.
        var found = new System.Collections.Concurrent.ConcurrentDictionary<(string, string), DuplicatePair>();
        Parallel.For(0, _firms.Length, new ParallelOptions { CancellationToken = cancellationToken }, f =>
        {
            var firm = _firms[f];
            if (only is not null && !only.Contains(firm.Id))
            {
                return;
            }
            var record = new MatchRecord
            {
                Name = firm.Name,
                TaxCode = firm.TaxCode,
                ProvinceIds = new HashSet<string>(new[] { firm.ProvinceId, firm.Placement?.FormerProvinceId }.OfType<string>(), StringComparer.Ordinal),
                WardId = firm.WardId,
                ParkId = firm.ParkId,
                SectorIds = firm.SectorIds,
                Address = firm.Address,
            };
            foreach (var candidate in Match(record, 6).Candidates)
            {
                if (candidate.Score < minScore || candidate.FirmId == firm.Id)
                {
                    continue;
                }
                // Each pair under the id that sorts first.
                var pair = string.CompareOrdinal(firm.Id, candidate.FirmId) < 0
                    ? new DuplicatePair(firm.Id, firm.Name, candidate.FirmId, candidate.Name, candidate.Score, candidate.Features)
                    : new DuplicatePair(candidate.FirmId, candidate.Name, firm.Id, firm.Name, candidate.Score, candidate.Features);
                found.AddOrUpdate((pair.FirmId, pair.OtherId), pair, (_, seen) => seen.Score >= pair.Score ? seen : pair);
            }
        });
        return [.. found.Values.OrderByDescending(p => p.Score).ThenBy(p => p.FirmId, StringComparer.Ordinal).ThenBy(p => p.OtherId, StringComparer.Ordinal).Take(first)];
    }

    /// <summary>
    /// Firms sharing the record's rarest words (a word no firm has counts through the words one letter from it): all
    /// three rarest when even those are common, two when they are many, else one.
    /// </summary>
    private HashSet<int> Candidates(Query query)
    {
        // Each of the record's words with the tokens that stand for it, and how many firms have one of them.
        var words = new List<(int[] Tokens, int Df)>();
        for (var q = 0; q < query.Tokens.Length; q++)
        {
            if (query.Joined[q] >= 0)
            {
                words.Add(([query.Joined[q]], _postings[query.Joined[q]].Count));
            }
            if (FirmNames.IsLegalForm(query.Tokens[q]))
            {
                continue;
            }
            // A word some firm has blocks by itself; one no firm has (a misspelling) by its near words.
            int[] tokens = query.Known[q] >= 0 ? [query.Known[q]] : [.. query.Near[q]];
            if (tokens.Length > 0)
            {
                words.Add((tokens, tokens.Sum(t => _postings[t].Count)));
            }
        }
        if (words.Count == 0)
        {
            // Legal forms alone: nothing to tell firms apart by.
            return [];
        }
        var rarest = words.OrderBy(w => w.Df).Take(4).ToList();
        var total = rarest.Sum(w => w.Df);
        var needed = total <= MaxScored || rarest.Count < 2 ? 1 : rarest.Count >= 3 && rarest[2].Df > MaxScored * 10 ? 3 : 2;
        if (t_counts is not { } cached || !ReferenceEquals(cached.Owner, this))
        {
            t_counts = cached = (this, new int[_firms.Length]);
        }
        var counts = cached.Counts;
        var touched = new List<int>(Math.Min(total, 1 << 16));
        // counts[f]: the words the firm has (low 4 bits) and the last word counted (above), so that each word counts once.
        for (var w = 0; w < rarest.Count; w++)
        {
            foreach (var t in rarest[w].Tokens)
            {
                foreach (var f in _postings[t])
                {
                    var c = counts[f];
                    if (c >> 4 != w + 1)
                    {
                        if (c == 0)
                        {
                            touched.Add(f);
                        }
                        counts[f] = ((c & 15) + 1) | ((w + 1) << 4);
                    }
                }
            }
        }
        var result = new List<(int Firm, int Hits)>();
        foreach (var f in touched)
        {
            if ((counts[f] & 15) >= needed)
            {
                result.Add((f, counts[f] & 15));
            }
            counts[f] = 0;
        }
        if (result.Count > MaxScored)
        {
            result.Sort((x, y) => x.Hits != y.Hits ? y.Hits.CompareTo(x.Hits) : x.Firm.CompareTo(y.Firm));
            result.RemoveRange(MaxScored, result.Count - MaxScored);
        }
        return [.. result.Select(r => r.Firm)];
    }

    /// <summary>The candidate's score; its parts added to <paramref name="features"/> when given.</summary>
    private double Score(int f, Query query, List<MatchFeature>? features)
    {
        var firm = _firms[f];
        var tokens = _tokensOf[f];
        // Name: the weighted share of tokens in common (Dice), a near spelling at 0.3-0.8, two words written as one in full.
        // The firm's words the record leaves out count half: lists shorten names more often than they add to them.
        double queryWeight = 0, common = 0;
        Span<bool> used = stackalloc bool[tokens.Length];
        for (var q = 0; q < query.Tokens.Length; q++)
        {
            if (query.Joined[q] >= 0 && Array.IndexOf(tokens, query.Joined[q]) is >= 0 and var one && !used[one])
            {
                // This word and the next are the firm's one word.
                used[one] = true;
                queryWeight += Weight(query.Joined[q]);
                common += Weight(query.Joined[q]);
                q++;
                continue;
            }
            var w = query.Weights[q];
            queryWeight += w;
            var at = query.Known[q] >= 0 ? Array.IndexOf(tokens, query.Known[q]) : -1;
            var credit = 1.0;
            if (at < 0 || used[at])
            {
                at = -1;
                for (var i = 0; i < tokens.Length && at < 0; i++)
                {
                    if (!used[i] && query.Near[q].Contains(tokens[i]))
                    {
                        at = i;
                    }
                }
                // Vietnamese syllables one letter apart are mostly other words (binh, minh, vinh; duong, cuong): the shorter
                // the word, the less a near spelling is worth.
                // A word no firm has is a misspelling of one of its near words: 0.8 (the margin tells apart several firms
                // that each have one of them).
                credit = query.Known[q] < 0 ? 0.8 : query.Tokens[q].Length switch { >= 7 => 0.8, >= 5 => 0.5, _ => 0.3 };
            }
            if (at < 0)
            {
                // Two of the firm's words written as one ("Vinfast" for "Vin Fast").
                for (var i = 0; i + 1 < tokens.Length; i++)
                {
                    if (!used[i] && !used[i + 1] && _tokens[tokens[i]].Length + _tokens[tokens[i + 1]].Length == query.Tokens[q].Length
                        && string.Concat(_tokens[tokens[i]], _tokens[tokens[i + 1]]) == query.Tokens[q])
                    {
                        (used[i], used[i + 1]) = (true, true);
                        common += w;
                        break;
                    }
                }
                continue;
            }
            used[at] = true;
            // A misspelt word counts as much as the firm's word it is taken for, when that is commoner.
            common += (credit < 1 ? Math.Min(w, Weight(tokens[at])) : w) * credit;
        }
        double firmMatched = 0, firmLeft = 0;
        for (var i = 0; i < tokens.Length; i++)
        {
            if (used[i])
            {
                firmMatched += Weight(tokens[i]);
            }
            else
            {
                firmLeft += Weight(tokens[i]);
            }
        }
        var denominator = queryWeight + firmMatched + (0.5 * firmLeft);
        var name = denominator > 0 ? Math.Min(1, 2 * common / denominator) : 0;
        // Trade words and legal forms may come in any order, a proper name's syllables not: "Anh Thịnh" is not "Thịnh Anh".
        var order = ProperOrder(query, tokens);
        if (order < 1)
        {
            name *= 0.8 + (0.2 * order);
        }
        // Two names of different trades ("Thép Lâm Duy", "Linh kiện Lâm Duy") are two firms.
        if (query.HasTrades && !query.Trades.Any(t => t >= 0 && tokens.Contains(t)) && tokens.Any(t => _tokens[t][0] == '#'))
        {
            name *= 0.8;
        }
        features?.Add(new MatchFeature("name", name, $"names {Percent(name)} alike"));
        var score = name;
        var record = query.Record;
        if (query.Code is { } code && TaxCode.TryNormalize(firm.TaxCode, out var firmCode, out _))
        {
            if (firmCode == code)
            {
                features?.Add(new MatchFeature("tax_code", 1 - score, $"the same tax code {code}"));
                score = 1;
            }
            else if (query.ParentCode == firmCode)
            {
                features?.Add(new MatchFeature("tax_code", 0.97 - score, $"tax code {code} is a branch of this firm's {firmCode}"));
                score = 0.97;
            }
            else
            {
                features?.Add(new MatchFeature("tax_code", -0.3, $"another tax code ({firmCode}, not {code})"));
                score -= 0.3;
            }
        }
        if (record.Identifiers.Count > 0 && firm.Identifiers is { Count: > 0 } held)
        {
            // An identifier both hold decides, as a tax code does; another LEI or registration number counts against.
            if (record.Identifiers.FirstOrDefault(r => held.Any(h => h.Key == r.Key)) is { } same)
            {
                features?.Add(new MatchFeature("identifier", Math.Max(0, 1 - score), $"the same {same.Key}"));
                score = Math.Max(score, 1);
            }
            else if (record.Identifiers.FirstOrDefault(r => Identifiers.OnePerFirm(r.Scheme) && held.Any(h => h.Scheme == r.Scheme)) is { } other)
            {
                features?.Add(new MatchFeature("identifier", -0.3, $"another {Identifiers.Token(other.Scheme)} ({held.First(h => h.Scheme == other.Scheme).Value}, not {other.Value})"));
                score -= 0.3;
            }
        }
        void Context(string id, bool? same, double plus, double minus, string what)
        {
            if (same is true)
            {
                features?.Add(new MatchFeature(id, plus, $"the same {what}"));
                score += plus;
            }
            else if (same is false)
            {
                features?.Add(new MatchFeature(id, -minus, $"another {what}"));
                score -= minus;
            }
        }
        if (record.ProvinceIds.Count > 0)
        {
            Context("province", firm.ProvinceId is null && firm.Placement?.FormerProvinceId is null
                ? null
                : record.ProvinceIds.Contains(firm.ProvinceId ?? "") || record.ProvinceIds.Contains(firm.Placement?.FormerProvinceId ?? ""), 0.08, 0.15, "province");
        }
        if (record.WardId is { } ward)
        {
            Context("ward", firm.WardId is null ? null : firm.WardId == ward, 0.05, 0.05, "ward");
        }
        if (record.ParkId is { } park)
        {
            Context("park", firm.ParkId is null ? null : firm.ParkId == park, 0.08, 0.05, "park");
        }
        if (query.Divisions.Count > 0 && firm.SectorIds.Count > 0)
        {
            Context("sector", firm.SectorIds.Any(s => query.Divisions.Contains(Division(s))), 0.03, 0.03, "division");
        }
        if (query.AddressWords.Count > 0 && _addressOf[f].Length > 0)
        {
            var shared = _addressOf[f].Count(query.AddressWords.Contains) / (double)Math.Max(query.AddressWords.Count, _addressOf[f].Length);
            if (shared > 0)
            {
                features?.Add(new MatchFeature("address", 0.04 * shared, $"{Percent(shared)} of the address words shared"));
                score += 0.04 * shared;
            }
        }
        // Not clamped here: a firm whose name is all there and whose province agrees must lead one whose name is nearly
        // there by the margin, so ranking and the margin read the whole score; callers see it clamped to 0-1.
        return Math.Max(0, score);
    }

    /// <summary>
    /// Of the record's pairs of neighbouring proper words (not legal forms nor trade concepts) that the firm's name has
    /// both of (as written or one letter off), the share it has side by side in the same order; 1 when there is no such pair.
    /// </summary>
    private static double ProperOrder(Query query, int[] tokens)
    {
        int At(int q)
        {
            for (var i = 0; i < tokens.Length; i++)
            {
                if (tokens[i] == query.Known[q] || query.Near[q].Contains(tokens[i]))
                {
                    return i;
                }
            }
            return -1;
        }
        int pairs = 0, kept = 0;
        for (var q = 0; q + 1 < query.Tokens.Length; q++)
        {
            if (query.Tokens[q][0] is '~' or '#' || query.Tokens[q + 1][0] is '~' or '#')
            {
                continue;
            }
            var (i, j) = (At(q), At(q + 1));
            if (i < 0 || j < 0)
            {
                continue;
            }
            pairs++;
            kept += j == i + 1 ? 1 : 0;
        }
        return pairs == 0 ? 1 : kept / (double)pairs;
    }

    /// <summary>The division (two digits) of a sector id: <c>sector:26400</c> is 26.</summary>
    private static string Division(string sectorId)
    {
        var code = NodeIds.Local(sectorId);
        return code.Length >= 2 ? code[..2] : code;
    }

    private static string Percent(double x) => (x * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
}
