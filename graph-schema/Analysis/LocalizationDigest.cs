using System.Runtime.InteropServices;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>
/// One lead firm's sums as a report adds them (<see cref="LeadInputPass"/>), in two flat arrays: for each
/// input group (in the order its links met them) <see cref="Ints"/> holds the group's sector node, its links, how many
/// countries and those countries, and <see cref="Values"/> its value, domestic and local sums and the value from each of
/// those countries; <see cref="Ints"/> ends with the inputs the lead firm needs and has no link for. Its suppliers and
/// sources are not kept: they are read again from the version the sums are of when the lead firm changes.
/// </summary>
internal sealed class LeadInputs
{
    private LeadInputs(int groups, int[] ints, double[] values) => (GroupCount, Ints, Values) = (groups, ints, values);

    public int GroupCount { get; }

    public int[] Ints { get; }

    public double[] Values { get; }

    public static LeadInputs Of(LeadInputPass pass)
    {
        var countryCount = 0;
        foreach (var g in pass.Touched)
        {
            countryCount += pass.CountriesOf(g).Count;
        }
        var ints = new int[pass.Touched.Count * 3 + countryCount + pass.Unknown.Count];
        var values = new double[pass.Touched.Count * 3 + countryCount];
        var (i, v) = (0, 0);
        foreach (var g in pass.Touched)
        {
            var countries = pass.CountriesOf(g);
            (ints[i], ints[i + 1], ints[i + 2]) = (pass.GroupSector(g), pass.Links(g), countries.Count);
            (values[v], values[v + 1], values[v + 2]) = (pass.Value(g), pass.Domestic(g), pass.Local(g));
            (i, v) = (i + 3, v + 3);
            foreach (var c in countries)
            {
                ints[i++] = c;
                values[v++] = pass.CountryValue(g, c);
            }
        }
        pass.Unknown.CopyTo(ints, i);
        return new LeadInputs(pass.Touched.Count, ints, values);
    }
}

/// <summary>
/// The localization report of every lead firm of a scope (the whole country, a region, a province), kept by lead firm for one date and level: each lead firm's
/// sums (<see cref="LeadInputs"/>), how many lead firms buy each input group from each supplier, and how many name each
/// source. A report is then the kept sums added up (milliseconds for the whole country) rather than a pass over every
/// lead firm's links; it equals the computed report to the last bit, since both add the same per-lead sums in the same
/// order (<see cref="LocalizationAnalysis.Summed"/>). A committed change is applied by recomputing the lead firms it
/// touches (<see cref="TouchedBy"/>), so the kept sums follow the graph version by version at the change's cost.
/// </summary>
internal sealed class LocalizationDigest
{
    private readonly Dictionary<int, LeadInputs> _leads = [];
    private readonly PairCounts _supplierLeads = new();
    private readonly Dictionary<int, int> _suppliers = [];
    private readonly Dictionary<string, int> _sources = new(StringComparer.Ordinal);
    private readonly HashSet<string> _leadSources = new(StringComparer.Ordinal);
    private long[] _pairs = new long[256];
    private readonly Lock _sync = new();

    private LocalizationDigest(NodeFilter scope, string scopeKey, DateOnly asOf, SectorLevel level) =>
        (Scope, ScopeKey, AsOf, Level) = (scope, scopeKey, asOf, level);

    /// <summary>Where the lead firms are and what counts as local: the whole country, or a set of provinces.</summary>
    public NodeFilter Scope { get; }

    /// <summary>The scope as text (<see cref="KeyOf"/>): reports of equal keys are answered by the same kept sums.</summary>
    public string ScopeKey { get; }

    public DateOnly AsOf { get; }

    public SectorLevel Level { get; }

    /// <summary>How long computing every lead firm's sums took when the digest was built.</summary>
    public TimeSpan BuildTime { get; private set; }

    /// <summary>The graph version the kept sums are of.</summary>
    public long Version { get; private set; } = -1;

    /// <summary>What is kept: the lead firms' groups and country values, and the distinct (group, supplier) pairs counted.</summary>
    internal (long Groups, long Countries, int Pairs) Size =>
        (_leads.Values.Sum(l => (long)l.GroupCount), _leads.Values.Sum(l => (long)l.Values.Length - 3L * l.GroupCount), _supplierLeads.Count);

    /// <summary>Lead firms kept.</summary>
    public int LeadCount => _leads.Count;

    /// <summary>The scope of the whole country's reports: every firm in Vietnam.</summary>
    public static NodeFilter Country { get; } = new() { Countries = ["VN"] };

    /// <summary>The key of <see cref="Country"/> (see <see cref="KeyOf"/>).</summary>
    public const string CountryKey = "countries:VN";

    /// <summary>
    /// The key of a request's scope when its report can be kept (every lead firm, a scope of countries or of provinces
    /// alone: a province, a region, a corridor, the country); null for any other.
    /// </summary>
    public static string? KeyOf(LocalizationRequest request)
    {
        var scope = request.Scope;
        if (request.LeadSectorIds is not null)
        {
            return null;
        }
        if (scope.Countries is { Count: > 0 } countries && scope == new NodeFilter { Countries = scope.Countries })
        {
            return "countries:" + string.Join(',', countries.Select(c => c.ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal));
        }
        if (scope.ProvinceIds is { Count: > 0 } provinces && scope == new NodeFilter { ProvinceIds = scope.ProvinceIds })
        {
            return "provinces:" + string.Join(',', provinces.Distinct().Order(StringComparer.Ordinal));
        }
        return null;
    }

    /// <summary>Computes and keeps every lead firm's sums of a scope on a version (one thread: it runs beside the service).</summary>
    public static LocalizationDigest Build(SupplyGraph snap, NodeFilter scope, DateOnly asOf, SectorLevel level, CancellationToken cancellationToken)
    {
        var key = KeyOf(new LocalizationRequest { Scope = scope, AsOf = asOf }) ?? throw new ArgumentException("Only scopes of countries or provinces are kept.", nameof(scope));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var digest = new LocalizationDigest(scope, key, asOf, level);
        var pass = digest.NewPass(snap);
        var inScope = LocalizationAnalysis.FirmTest(snap, scope);
        foreach (var lead in snap.LeadFirms)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (inScope(lead))
            {
                pass.Run(lead);
                digest._leads[lead] = LeadInputs.Of(pass);
                digest.Count(pass, snap, +1);
            }
        }
        digest.Version = snap.Version;
        digest.BuildTime = clock.Elapsed;
        return digest;
    }

    private LeadInputPass NewPass(SupplyGraph snap)
    {
        var inScope = LocalizationAnalysis.FirmTest(snap, Scope);
        return new LeadInputPass(snap, new LocalizationRequest { Scope = Scope, AsOf = AsOf, Level = Level }, inScope,
            LocalizationAnalysis.LocalSlots(snap, Scope, inScope), LocalizationAnalysis.LocalCountries(snap, Scope));
    }

    /// <summary>Whether this digest answers a request: the same scope, date and level, every lead firm.</summary>
    public bool Answers(LocalizationRequest request) => request.AsOf == AsOf && request.Level == Level && KeyOf(request) == ScopeKey;

    /// <summary>The totals of a request this digest answers on this version; null when it is kept for another version or date.</summary>
    public LocalizationTotals? TryTotals(SupplyGraph snap, LocalizationRequest request, CancellationToken cancellationToken)
    {
        if (!Answers(request))
        {
            return null;
        }
        lock (_sync)
        {
            if (Version != snap.Version)
            {
                return null;
            }
            var leads = LocalizationAnalysis.Leads(snap, request, LocalizationAnalysis.FirmTest(snap, Scope));
            if (leads.Count != _leads.Count || !leads.TrueForAll(_leads.ContainsKey))
            {
                return null;
            }
            return LocalizationAnalysis.Summed(snap, leads, LocalizationAnalysis.LeadsPerPart, 0,
                () => (builder, lead) => builder.Add(_leads[lead]),
                builder => builder.UseKept(sector => _suppliers.GetValueOrDefault(sector), _sources.Keys), cancellationToken);
        }
    }

    /// <summary>
    /// Brings the kept sums from the version they are of (<paramref name="previous"/>) to <paramref name="next"/> by
    /// recomputing the firms given (those the changes between touched, see <see cref="TouchedBy"/>): each one kept is
    /// read again on the previous version to take its suppliers and sources away, then on the next if it is a lead firm.
    /// </summary>
    public void Apply(SupplyGraph previous, SupplyGraph next, IEnumerable<int> firms)
    {
        lock (_sync)
        {
            if (Version != previous.Version)
            {
                throw new InvalidOperationException($"The kept sums are of version {Version}, not {previous.Version}.");
            }
            LeadInputPass? before = null;
            LeadInputPass? after = null;
            Func<int, bool>? inScope = null;
            foreach (var nid in firms)
            {
                if (_leads.Remove(nid))
                {
                    before ??= NewPass(previous);
                    before.Run(nid);
                    Count(before, previous, -1);
                }
                if (nid < next.Nodes.Length && SupplyGraph.IsLeadFirm(next.Nodes[nid]) && (inScope ??= LocalizationAnalysis.FirmTest(next, Scope))(nid))
                {
                    after ??= NewPass(next);
                    after.Run(nid);
                    _leads[nid] = LeadInputs.Of(after);
                    Count(after, next, +1);
                }
            }
            Version = next.Version;
        }
    }

    /// <summary>Adds (+1) or takes away (-1) the lead firm a pass has just read: its distinct (group, supplier) pairs and its sources.</summary>
    private void Count(LeadInputPass pass, SupplyGraph snap, int by)
    {
        if (_pairs.Length < pass.LinkCount)
        {
            _pairs = new long[Math.Max(pass.LinkCount, _pairs.Length * 2)];
        }
        for (var j = 0; j < pass.LinkCount; j++)
        {
            _pairs[j] = ((long)pass.GroupSector(pass.GroupOfLink(j)) << 32) | (uint)pass.SupplierOfLink(j);
        }
        var pairs = _pairs.AsSpan(0, pass.LinkCount);
        pairs.Sort();
        for (var j = 0; j < pairs.Length; j++)
        {
            if (j > 0 && pairs[j] == pairs[j - 1])
            {
                continue;
            }
            var key = pairs[j];
            var leads = _supplierLeads.Add(key, by);
            if (leads == 0)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(_suppliers, (int)(key >> 32), out _)--;
            }
            else if (leads == 1 && by > 0)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(_suppliers, (int)(key >> 32), out _)++;
            }
        }
        _leadSources.Clear();
        if (snap.Nodes[pass.Lead] is { } lead)
        {
            _leadSources.UnionWith(lead.Sources);
        }
        foreach (var set in pass.SourceSets)
        {
            _leadSources.UnionWith(snap.SourceSets[set]);
        }
        IReadOnlyList<string>? last = null;
        foreach (var feed in pass.FeedSources)
        {
            // Inputs of one sector share their list of sources: each list is added once.
            if (!ReferenceEquals(feed, last))
            {
                _leadSources.UnionWith(feed);
                last = feed;
            }
        }
        foreach (var source in _leadSources)
        {
            var count = _sources.GetValueOrDefault(source) + by;
            if (count == 0)
            {
                _sources.Remove(source);
            }
            else
            {
                _sources[source] = count;
            }
        }
    }

    /// <summary>
    /// The lead firms (before or after the change) whose kept sums a change may alter: the buyer of every link written
    /// or deleted, every firm written or deleted, and the buyers of a firm whose place (country, province or former
    /// province) changed; null when the
    /// change rewrites sectors (their tree and FEEDS coefficients shape every lead firm's sums), so the digest must be
    /// built again.
    /// </summary>
    public static HashSet<int>? TouchedBy(SupplyGraph previous, SupplyGraph next, GraphDelta delta)
    {
        // Only lead firms (before or after) have sums to keep: other firms are left out.
        var firms = new HashSet<int>();
        void Add(int nid)
        {
            if ((nid < previous.Nodes.Length && SupplyGraph.IsLeadFirm(previous.Nodes[nid])) || (nid < next.Nodes.Length && SupplyGraph.IsLeadFirm(next.Nodes[nid])))
            {
                firms.Add(nid);
            }
        }
        foreach (var row in delta.LinkWrites)
        {
            Add(row.Buyer);
        }
        foreach (var row in delta.LinkDeletes)
        {
            Add(row.Buyer);
        }
        foreach (var (nid, node) in delta.Nodes)
        {
            var before = nid < previous.Nodes.Length ? previous.Nodes[nid] : null;
            if (before is Sector || node is Sector)
            {
                return null;
            }
            if (before is not Firm && node is not Firm)
            {
                continue;
            }
            Add(nid);
            var placeBefore = before is Firm ? previous.FirmPlace[nid] : -1;
            var placeAfter = node is Firm ? next.FirmPlace[nid] : -1;
            if (placeBefore != placeAfter)
            {
                foreach (var graph in new[] { previous, next })
                {
                    foreach (var link in graph.OutLinks(nid))
                    {
                        Add(graph.LinkBuyer[link]);
                    }
                }
            }
        }
        return firms;
    }
}
