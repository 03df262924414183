using System.Globalization;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Data.Input;

/// <summary>
/// The rules an input must meet to become a record, with what it refers to already fetched; each check adds its
/// problems and, when there are none, the record. Used only through <see cref="InputPlanner"/>.
/// </summary>
internal sealed partial class InputChecks(IGraphStore store, DateOnly today, ProvinceDirectory provinces, IReadOnlyList<Park> parks)
{
    private readonly Dictionary<string, Park> _parkById = parks.ToDictionary(p => p.Id, StringComparer.Ordinal);
    private readonly Dictionary<string, List<Park>> _parksByName = parks.GroupBy(p => VietnameseText.Fold(p.Name)).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byTaxCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byIdentifier = new(StringComparer.Ordinal);
    private HashSet<string> _knownSources = [];
    private HashSet<string> _storeFirms = [];

    public required HashSet<string> KnownSectors { get; init; }

    public required HashSet<string> KnownDevelopers { get; init; }

    public HashSet<string> KnownAlliances { get; init; } = [];

    /// <summary>Firms of the graph holding an identifier the inputs give, by key: another firm given it is refused.</summary>
    public IReadOnlyDictionary<string, string> IdentifierHolders { get; init; } = new Dictionary<string, string>();

    /// <summary>The wards the inputs could name.</summary>
    public WardLookup Wards { get; init; } = WardLookup.Empty;

    // Firms whose input left their alliances out (an upsert keeps what they had).
    private readonly HashSet<string> _alliancesLeftOut = new(StringComparer.Ordinal);

    /// <summary>Whether a firm's input gave its alliances.</summary>
    public bool GaveAlliances(string firmId) => !_alliancesLeftOut.Contains(firmId);

    // Firms whose input left their identifiers out (an upsert keeps what they had).
    private readonly HashSet<string> _identifiersLeftOut = new(StringComparer.Ordinal);

    /// <summary>Whether a firm's input gave its identifiers.</summary>
    public bool GaveIdentifiers(string firmId) => !_identifiersLeftOut.Contains(firmId);

    public List<InputProblem> Problems { get; } = [];

    public Dictionary<string, Source> Sources { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Firm> Firms { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, SupplyLink> Links { get; } = new(StringComparer.Ordinal);

    public List<Park> Parks { get; } = [];

    /// <summary>The sources the inputs cite that are not among the inputs' own, looked up in the graph.</summary>
    public async Task LoadCitedSourcesAsync(InputBatch batch, CancellationToken cancellationToken)
    {
        var cited = batch.Firms.SelectMany(f => f?.Sources ?? []).Concat(batch.Links.SelectMany(l => l?.Sources ?? [])).Concat(batch.Parks.SelectMany(p => p?.Sources ?? []))
            .Concat(batch.Capabilities.SelectMany(c => c?.Sources ?? [])).Concat(batch.Requests.SelectMany(r => r?.Sources ?? []))
            .Select(s => NodeIds.Prefixed(NodeKind.Source, s.Trim())).Where(s => !Sources.ContainsKey(s)).Distinct(StringComparer.Ordinal).ToList();
        _knownSources = await ExistingAsync(store, cited, NodeKind.Source, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Firms the inputs name (links' ends, capabilities' firms, requests' buyers) that are not among the inputs: by id or by tax code, from the graph.</summary>
    public async Task LoadNamedFirmsAsync(IEnumerable<string?> named, CancellationToken cancellationToken)
    {
        var refs = named.Select(Clean).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var ids = refs.Where(r => !LooksLikeTaxCode(r)).Select(r => NodeIds.Prefixed(NodeKind.Firm, r)).Where(id => !Firms.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        _storeFirms = await ExistingAsync(store, ids, NodeKind.Firm, cancellationToken).ConfigureAwait(false);
        var taxRefs = refs.Where(LooksLikeTaxCode).Select(r => TaxCode.TryNormalize(r, out var c, out _) ? c : null).OfType<string>().Where(t => !_byTaxCode.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        if (taxRefs.Count > 0)
        {
            var page = await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, Filter = new NodeFilter { TaxCodes = taxRefs } }, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                _byTaxCode.TryAdd(((Firm)item.Node).TaxCode!, item.Node.Id);
            }
        }
    }

    public void Source(SourceInput input, int index)
    {
        var report = Reporter(InputKind.Source, index);
        var before = Problems.Count;
        var id = Id(NodeKind.Source, input.Id, report);
        var title = Required(input.Title, "title", report);
        if (Clean(input.Url) is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            report("url", "not an absolute http(s) address", null);
        }
        if (input.Date is { } date && date > today)
        {
            report("date", "in the future", null);
        }
        if (Problems.Count > before || id is null || title is null)
        {
            return;
        }
        if (!Sources.TryAdd(id, new Source { Id = id, Name = title, Publisher = Clean(input.Publisher), Url = Clean(input.Url), Date = input.Date, SourceType = "dataset" }))
        {
            report("id", "duplicate id in this file", null);
        }
    }

    public void Firm(FirmInput input, int index)
    {
        var report = Reporter(InputKind.Firm, index);
        var before = Problems.Count;
        var id = Id(NodeKind.Firm, input.Id, report);
        var name = Required(input.Name, "name", report);
        var country = Clean(input.Country)?.ToUpperInvariant();
        if (country is null || country.Length != 2 || !country.All(char.IsAsciiLetterUpper))
        {
            report("country", "not an ISO 3166 alpha-2 country code", null);
        }
        var foreign = country is not null && country != "VN";
        var (taxCode, ownership, provinceId, parkId) = FirmPlace(input, foreign, report);
        var ward = foreign && Clean(input.Ward) is not null ? Refused(report) : WardOf(input.Ward, provinceId, report);
        var sectorIds = SectorIds(input.Sectors, "sectors", report);
        CheckCoordinates(input.Lat, input.Lng, foreign ? null : " for a firm in Vietnam", report);
        var origin = Clean(input.OriginCountry)?.ToUpperInvariant();
        if (origin is not null && (origin.Length != 2 || !origin.All(char.IsAsciiLetterUpper)))
        {
            report("originCountry", "not an ISO 3166 alpha-2 country code", null);
        }
        if (input.Employees is < 0 or > 10_000_000)
        {
            report("employees", "must be between 0 and 10000000", null);
        }
        if (input.FoundedYear is { } year && (year < 1800 || year > today.Year))
        {
            report("foundedYear", $"must be between 1800 and {today.Year}", null);
        }
        var revenue = Number(input.RevenueUsd, "revenueUsd", 0, Quantities.MaxUsd, report);
        var identifiers = input.Identifiers is null ? null : IdentifiersOf(input.Identifiers, id, taxCode, foreign, report);
        var alliances = input.Alliances is null ? null : AllianceIds(input.Alliances, report);
        var sources = Cited(input.Sources, report);
        if (Problems.Count > before || id is null || name is null || sources is null)
        {
            return;
        }
        provinceId ??= ward?.ProvinceId;
        var firm = new Firm
        {
            Id = id,
            Name = name,
            TaxCode = taxCode,
            Ownership = ownership,
            Country = country!,
            ProvinceId = provinceId,
            ParkId = parkId,
            Address = Clean(input.Address),
            WardId = ward?.Id,
            Placement = foreign ? null : Place(provinceId, ward, input.Lat, input.Lng),
            SectorIds = sectorIds,
            Roles = [.. input.Roles],
            Lat = input.Lat,
            Lng = input.Lng,
            OriginCountry = origin,
            Size = input.Size,
            Employees = input.Employees,
            FoundedYear = input.FoundedYear,
            RevenueUsd = revenue,
            AllianceIds = alliances ?? [],
            Identifiers = identifiers is { Count: > 0 } ? identifiers : null,
            Note = Clean(input.Note),
            Sources = sources,
        };
        if (input.Alliances is null)
        {
            _alliancesLeftOut.Add(firm.Id);
        }
        if (input.Identifiers is null)
        {
            _identifiersLeftOut.Add(firm.Id);
        }
        if (!Firms.TryAdd(firm.Id, firm))
        {
            report("id", "duplicate id in this file", null);
        }
        else if (firm.TaxCode is { } tax && !_byTaxCode.TryAdd(tax, firm.Id))
        {
            report("taxCode", $"the same tax code as {_byTaxCode[tax]}", null);
        }
    }

    /// <summary>
    /// A firm's identifiers made canonical by their schemes' rules (<see cref="NodeRules.CheckIdentifiers"/>), each held
    /// by no other firm of the inputs or the graph.
    /// </summary>
    private List<FirmIdentifier>? IdentifiersOf(IReadOnlyList<FirmIdentifier> given, string? firmId, string? taxCode, bool foreign, Action<string, string, string?> report)
    {
        var result = new List<FirmIdentifier>();
        foreach (var identifier in given)
        {
            if (!Enum.IsDefined(identifier.Scheme))
            {
                report("identifiers", "unknown identifier scheme", identifier.Value);
            }
            else if (!Identifiers.TryNormalize(identifier.Scheme, identifier.Value, out var canonical, out var why))
            {
                report("identifiers", $"invalid {Identifiers.Token(identifier.Scheme)}: {why}", identifier.Value);
            }
            else if (result.All(r => r.Key != Identifiers.Key(identifier.Scheme, canonical)))
            {
                result.Add(new FirmIdentifier(identifier.Scheme, canonical));
            }
        }
        var probe = new Firm { Id = firmId ?? "firm:x", Name = "x", Country = foreign ? "ZZ" : "VN", TaxCode = taxCode, Identifiers = result };
        foreach (var problem in NodeRules.CheckIdentifiers(probe))
        {
            report("identifiers", problem.Message, string.Join(';', result.Select(r => r.Key)));
        }
        foreach (var identifier in result)
        {
            if (IdentifierHolders.TryGetValue(identifier.Key, out var holder) && holder != firmId)
            {
                report("identifiers", $"{identifier.Key} is already held by {holder}", identifier.Value);
            }
            else if (firmId is not null && !_byIdentifier.TryAdd(identifier.Key, firmId) && _byIdentifier[identifier.Key] != firmId)
            {
                report("identifiers", $"the same {Identifiers.Token(identifier.Scheme)} as {_byIdentifier[identifier.Key]}", identifier.Value);
            }
        }
        return result;
    }

    /// <summary>A firm's tax code, ownership, province and park: Vietnamese facts, refused for a firm abroad.</summary>
    private (string? TaxCode, Ownership? Ownership, string? Province, string? Park) FirmPlace(FirmInput input, bool foreign, Action<string, string, string?> report)
    {
        string? taxCode = null, provinceId = null, parkId = null;
        if (Clean(input.TaxCode) is { } tax)
        {
            if (foreign)
            {
                report("taxCode", "a firm abroad has no Vietnamese tax code", null);
            }
            else if (!TaxCode.TryNormalize(tax, out var canonical, out var why))
            {
                report("taxCode", $"invalid tax code: {why}", null);
            }
            else
            {
                taxCode = canonical;
            }
        }
        if (input.Ownership is not null && foreign)
        {
            report("ownership", "a firm abroad has no Vietnamese ownership type", null);
        }
        if (Clean(input.Province) is { } province)
        {
            provinceId = foreign ? Refuse("province", "a firm abroad has no province") : Province(province, report);
        }
        if (Clean(input.Park) is { } park)
        {
            parkId = foreign ? Refuse("park", "a firm abroad has no park") : Park(park, report);
        }
        return (taxCode, foreign ? null : input.Ownership, provinceId, parkId);

        string? Refuse(string field, string message)
        {
            report(field, message, null);
            return null;
        }
    }

    private static Ward? Refused(Action<string, string, string?> report)
    {
        report("ward", "a firm abroad has no ward", null);
        return null;
    }

    /// <summary>The ward a reference names, checked to lie in the recorded province (old or new); null when none is given or it is refused.</summary>
    private Ward? WardOf(string? reference, string? provinceId, Action<string, string, string?> report)
    {
        if (Clean(reference) is not { } given)
        {
            return null;
        }
        var recorded = provinceId is null ? null : provinces.ById(provinceId);
        var (ward, problem) = Wards.Resolve(given, recorded, provinces);
        if (ward is not null && recorded is not null)
        {
            problem = PlacementRules.Conflict(recorded, ward, provinces);
        }
        if (problem is not null)
        {
            report("ward", problem, given);
            return null;
        }
        return ward;
    }

    /// <summary>Where a record lies in both maps, by the placement rules (ward, coordinates, recorded province).</summary>
    private Placement? Place(string? provinceId, Ward? ward, double? lat, double? lng) =>
        PlacementRules.Place(provinceId is null ? null : provinces.ById(provinceId), ward, lat, lng, provinces, ProvinceBoundaries.Pre2025);

    private string? Province(string province, Action<string, string, string?> report)
    {
        if (provinces.Resolve(province, today) is { } p)
        {
            return p.Id;
        }
        report("province", "unknown province", null);
        return null;
    }

    private string? Park(string park, Action<string, string, string?> report)
    {
        if (_parkById.ContainsKey(NodeIds.Prefixed(NodeKind.Park, park)))
        {
            return NodeIds.Prefixed(NodeKind.Park, park);
        }
        if (!_parksByName.TryGetValue(VietnameseText.Fold(park), out var named))
        {
            report("park", "unknown park", null);
            return null;
        }
        if (named.Count == 1)
        {
            return named[0].Id;
        }
        report("park", $"{named.Count} parks have this name; give the park id", null);
        return null;
    }

    private List<string> AllianceIds(IEnumerable<string> given, Action<string, string, string?> report)
    {
        var ids = new List<string>();
        foreach (var value in given.Select(c => c.Trim()).Where(c => c.Length > 0))
        {
            var id = NodeIds.Prefixed(NodeKind.Alliance, value);
            if (KnownAlliances.Contains(id))
            {
                if (!ids.Contains(id))
                {
                    ids.Add(id);
                }
            }
            else
            {
                report("alliances", $"unknown alliance '{value}'", value);
            }
        }
        return ids;
    }

    private List<string> SectorIds(IEnumerable<string> codes, string field, Action<string, string, string?> report)
    {
        var ids = new List<string>();
        foreach (var code in codes.Select(c => c.Trim()).Where(c => c.Length > 0))
        {
            var id = SectorCode.ToId(code);
            if (KnownSectors.Contains(id))
            {
                ids.Add(id);
            }
            else
            {
                report(field, $"unknown sector '{code}'", code);
            }
        }
        return ids;
    }

    /// <summary>Latitude and longitude: both or neither, in range, and inside Vietnam unless <paramref name="inVietnam"/> is null.</summary>
    private static void CheckCoordinates(double? lat, double? lng, string? inVietnam, Action<string, string, string?> report)
    {
        var inRange = true;
        foreach (var (field, value, limit) in new[] { ("lat", lat, 90.0), ("lng", lng, 180.0) })
        {
            if (value is { } v && (!double.IsFinite(v) || v < -limit || v > limit))
            {
                report(field, $"must be between {-limit} and {limit}", null);
                inRange = false;
            }
        }
        if ((lat is null) != (lng is null))
        {
            report(lat is null ? "lat" : "lng", "give both lat and lng, or neither", null);
        }
        else if (inRange && inVietnam is not null && lat is { } la && lng is { } ln && !VietnamBounds.Contains(la, ln))
        {
            report(VietnamBounds.ContainsLatitude(la) ? "lng" : "lat", $"outside Vietnam ({VietnamBounds.Description}){inVietnam}", null);
        }
    }

    /// <summary>The sources an input cites, each among the inputs' own or in the graph; null when any is missing.</summary>
    private List<string>? Cited(IReadOnlyList<string> given, Action<string, string, string?> report)
    {
        // A source named twice (with or without its prefix) is cited once.
        var byId = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in given.Select(s => s.Trim()).Where(s => s.Length > 0))
        {
            byId.TryAdd(NodeIds.Prefixed(NodeKind.Source, s), s);
        }
        var problems = Citations.Problems(byId.Keys, id => Sources.ContainsKey(id) || _knownSources.Contains(id)).ToList();
        foreach (var (id, message) in problems)
        {
            report("sources", id is null ? message : Citations.Unknown(byId[id]), id is null ? null : byId[id]);
        }
        return problems.Count > 0 ? null : [.. byId.Keys];
    }

    private Action<string, string, string?> Reporter(InputKind kind, int index) =>
        (field, message, item) => Problems.Add(new InputProblem(kind, index, field, message, item));

    private static string? Id(NodeKind kind, string? value, Action<string, string, string?> report)
    {
        if (Clean(value) is not { } text)
        {
            report("id", "required", null);
            return null;
        }
        var id = NodeIds.Prefixed(kind, text);
        if (NodeIds.KindOf(id) != kind)
        {
            report("id", $"not a {kind.ToString().ToLowerInvariant()} id", null);
            return null;
        }
        if (!NodeIds.IsValid(id, out var why))
        {
            report("id", why, null);
            return null;
        }
        return id;
    }

    private static string? Required(string? value, string field, Action<string, string, string?> report)
    {
        if (Clean(value) is not { } text)
        {
            report(field, "required", null);
            return null;
        }
        if (TextRules.IsBlank(text))
        {
            report(field, "required: it holds only invisible characters", null);
            return null;
        }
        return text;
    }

    /// <summary>A number within limits (money up to <see cref="Quantities.MaxUsd"/>), or a problem.</summary>
    private static double? Number(double? value, string field, double min, double max, Action<string, string, string?> report)
    {
        if (value is not { } v)
        {
            return null;
        }
        if (double.IsFinite(v) && v >= min && v <= max)
        {
            return v;
        }
        report(field, max >= Quantities.MaxUsd
            ? v < min ? $"must be at least {min}" : $"must be at most {max.ToString("0", CultureInfo.InvariantCulture)} (USD 1 trillion)"
            : $"must be between {min} and {max}", null);
        return null;
    }

    internal static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Ten digits or thirteen with a branch suffix, separators allowed: a tax code rather than an id.</summary>
    internal static bool LooksLikeTaxCode(string value)
    {
        var digits = value.Count(char.IsAsciiDigit);
        return (digits is 10 or 13) && value.All(c => char.IsAsciiDigit(c) || c is '-' or ' ' or '.');
    }

    internal static async Task<HashSet<string>> ExistingAsync(IGraphStore store, IReadOnlyList<string> ids, NodeKind kind, CancellationToken cancellationToken)
    {
        var nodes = ids.Count == 0 ? [] : await store.GetNodesAsync(ids, cancellationToken).ConfigureAwait(false);
        return [.. nodes.Where(n => n is not null && n.Kind == kind).Select(n => n!.Id)];
    }
}
