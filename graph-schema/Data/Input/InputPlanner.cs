using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Data.Input;

/// <summary>Which list of a plan an input came from.</summary>
public enum InputKind
{
    Source,
    Firm,
    Link,
    Park,
    Capability,
    Sourcing,
}

/// <summary>
/// One invalid value of an input: which input (its list and index), the field as the API names it (camelCase), why,
/// and for an item of a list field (one sector, one source) that item.
/// </summary>
public sealed record InputProblem(InputKind Kind, int Index, string Field, string Message, string? Item = null)
{
    /// <summary>For a problem of one item of a list input (a sourcing request's item), that item's index.</summary>
    public int? Part { get; init; }
}

/// <summary>What a plan found: every problem, and when there is none the one change set that writes the inputs.</summary>
public sealed record InputPlan(IReadOnlyList<InputProblem> Problems, ChangeSet? Changes)
{
    public int Firms { get; init; }

    public int Links { get; init; }

    public int Sources { get; init; }

    public int Capabilities { get; init; }

    public int Requests { get; init; }
}

/// <summary>The inputs of one plan: sources first (facts may cite them), then firms, links (which may name those firms) and parks.</summary>
public sealed record InputBatch
{
    public IReadOnlyList<SourceInput?> Sources { get; init; } = [];

    public IReadOnlyList<FirmInput?> Firms { get; init; } = [];

    public IReadOnlyList<LinkInput?> Links { get; init; } = [];

    public IReadOnlyList<ParkInput?> Parks { get; init; } = [];

    /// <summary>Capability facts: the firms they name get exactly these facts as their profile (the facts they had are replaced).</summary>
    public IReadOnlyList<CapabilityInput?> Capabilities { get; init; } = [];

    public IReadOnlyList<SourcingRequestInput?> Requests { get; init; } = [];

    /// <summary>
    /// Firms whose input updates the stored firm rather than replacing it (an import's sure matches): the values it gives
    /// replace the firm's, those it leaves out stay, and sectors, roles, alliances, identifiers and sources are added to.
    /// </summary>
    public IReadOnlySet<string> Merging { get; init; } = new HashSet<string>();
}

/// <summary>
/// The one path from typed inputs to graph records: a CSV import's rows and the API's mutations both come here, so
/// both accept the same values with the same messages. References (provinces old or new, parks by id or name, sectors by
/// code, firms by id or tax code, sources) are resolved against the graph in a few batched calls; every problem of
/// every input is reported, and nothing is written here. A null input (a row that could not be read) is skipped.
/// </summary>
public sealed class InputPlanner(IGraphStore store)
{
    public async Task<InputPlan> PlanAsync(InputBatch batch, DateOnly today, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var checks = await LoadAsync(batch, today, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < batch.Sources.Count; i++)
        {
            if (batch.Sources[i] is { } source)
            {
                checks.Source(source, i);
            }
        }
        await checks.LoadCitedSourcesAsync(batch, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < batch.Firms.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (batch.Firms[i] is { } firm)
            {
                checks.Firm(firm, i);
            }
        }
        progress?.Report($"checked firms: {checks.Problems.Count:N0} problems so far");
        await checks.LoadNamedFirmsAsync(
            [.. batch.Links.SelectMany(l => l is null ? [] : new[] { l.Supplier, l.Buyer }), .. batch.Capabilities.Select(c => c?.Firm), .. batch.Requests.Select(r => r?.Buyer)],
            cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < batch.Links.Count; i++)
        {
            if (batch.Links[i] is { } link)
            {
                checks.Link(link, i);
            }
            if ((i + 1) % 250_000 == 0)
            {
                progress?.Report($"checked {i + 1:N0} of {batch.Links.Count:N0} links");
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        for (var i = 0; i < batch.Parks.Count; i++)
        {
            if (batch.Parks[i] is { } park)
            {
                checks.Park(park, i);
            }
        }
        for (var i = 0; i < batch.Capabilities.Count; i++)
        {
            if (batch.Capabilities[i] is { } capability)
            {
                checks.Capability(capability, i);
            }
        }
        for (var i = 0; i < batch.Requests.Count; i++)
        {
            if (batch.Requests[i] is { } request)
            {
                checks.Sourcing(request, i);
            }
        }
        if (checks.Problems.Count > 0)
        {
            return new InputPlan(checks.Problems, null);
        }
        var firms = await ProfiledAsync(checks, batch.Merging, cancellationToken).ConfigureAwait(false);
        var changes = new ChangeSet
        {
            UpsertNodes = [.. checks.Sources.Values, .. firms, .. checks.Parks, .. checks.Requests.Values],
            UpsertLinks = [.. checks.Links.Values],
        };
        return new InputPlan(checks.Problems, changes)
        {
            Firms = checks.Firms.Count,
            Links = checks.Links.Count,
            Sources = checks.Sources.Count,
            Capabilities = batch.Capabilities.Count(c => c is not null),
            Requests = checks.Requests.Count,
        };
    }

    /// <summary>
    /// The firms to write: those given, keeping what the graph holds that their input does not carry (their profile,
    /// their alliances when left out); and each firm the capability facts name with exactly those facts as its profile.
    /// </summary>
    private async Task<List<Firm>> ProfiledAsync(InputChecks checks, IReadOnlySet<string> merging, CancellationToken cancellationToken)
    {
        var ids = checks.Firms.Keys.Concat(checks.Capabilities.Keys).Distinct(StringComparer.Ordinal).ToList();
        var stored = ids.Count == 0 ? [] : await store.GetNodesAsync(ids, cancellationToken).ConfigureAwait(false);
        var result = new List<Firm>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            var old = stored[i] as Firm is { } f && f.Id == ids[i] ? f : null;
            var firm = checks.Firms.GetValueOrDefault(ids[i]) ?? old!;
            if (checks.Firms.ContainsKey(ids[i]) && old is not null && merging.Contains(old.Id))
            {
                firm = Merged(firm, old);
            }
            else if (checks.Firms.ContainsKey(ids[i]) && old is not null)
            {
                firm = firm with
                {
                    Capabilities = old.Capabilities,
                    AllianceIds = checks.GaveAlliances(firm.Id) ? firm.AllianceIds : old.AllianceIds,
                    Identifiers = checks.GaveIdentifiers(firm.Id) ? firm.Identifiers : old.Identifiers,
                    Note = firm.Note ?? old.Note,
                    FormerIds = old.FormerIds,
                    Sources = old.Capabilities is { } had ? [.. firm.Sources.Concat(had.AllSources()).Distinct(StringComparer.Ordinal)] : firm.Sources,
                };
            }
            if (checks.Capabilities.TryGetValue(ids[i], out var facts))
            {
                var profile = InputChecks.Profile(facts);
                firm = firm with
                {
                    Capabilities = profile.IsEmpty ? null : profile,
                    Sources = [.. firm.Sources.Concat(profile.AllSources()).Distinct(StringComparer.Ordinal)],
                };
            }
            result.Add(firm);
        }
        return result;
    }

    /// <summary>A stored firm updated by an input (<see cref="InputBatch.Merging"/>): its values where given, the firm's elsewhere, lists joined.</summary>
    private static Firm Merged(Firm given, Firm old)
    {
        var placed = given.ProvinceId is not null || given.WardId is not null;
        return old with
        {
            TaxCode = old.TaxCode ?? given.TaxCode,
            Ownership = given.Ownership ?? old.Ownership,
            OriginCountry = given.OriginCountry ?? old.OriginCountry,
            Size = given.Size ?? old.Size,
            ProvinceId = placed ? given.ProvinceId : old.ProvinceId,
            WardId = placed ? given.WardId : old.WardId,
            ParkId = given.ParkId ?? old.ParkId,
            Address = given.Address ?? old.Address,
            Placement = placed || given.Lat is not null ? given.Placement : old.Placement,
            Lat = given.Lat ?? old.Lat,
            Lng = given.Lat is null ? old.Lng : given.Lng,
            RevenueUsd = given.RevenueUsd ?? old.RevenueUsd,
            Employees = given.Employees ?? old.Employees,
            FoundedYear = given.FoundedYear ?? old.FoundedYear,
            Roles = [.. old.Roles.Union(given.Roles)],
            SectorIds = [.. old.SectorIds.Union(given.SectorIds, StringComparer.Ordinal)],
            AllianceIds = [.. old.AllianceIds.Union(given.AllianceIds, StringComparer.Ordinal)],
            Identifiers = Identifiers.Union(old.Identifiers, given.Identifiers),
            Sources = [.. old.Sources.Union(given.Sources, StringComparer.Ordinal)],
            Note = given.Note is null || old.Note?.Contains(given.Note, StringComparison.Ordinal) == true ? old.Note : old.Note is null ? given.Note : $"{old.Note}\n{given.Note}",
        };
    }

    /// <summary>What the inputs refer to, fetched from the store in a few batched calls.</summary>
    private async Task<InputChecks> LoadAsync(InputBatch batch, DateOnly today, CancellationToken cancellationToken)
    {
        var provinces = await ProvinceDirectory.LoadAsync(store, cancellationToken).ConfigureAwait(false);
        var parks = batch.Firms.Any(f => f?.Park is not null)
            ? (await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Park }, cancellationToken).ConfigureAwait(false)).Items.Select(i => (Park)i.Node).ToList()
            : [];
        var sectorIds = batch.Firms.SelectMany(f => f?.Sectors ?? [])
            .Concat(batch.Links.Select(l => l?.Sector).OfType<string>())
            .Concat(batch.Parks.SelectMany(p => p?.PrioritySectors ?? []))
            .Select(SectorCode.ToId).Distinct(StringComparer.Ordinal).ToList();
        var catalogue = batch.Capabilities.OfType<CapabilityInput>().Select(c => c.Kind switch
            {
                CapabilityKind.Product => InputChecks.CatalogueId(NodeKind.Product, c.Code),
                CapabilityKind.Process => InputChecks.CatalogueId(NodeKind.Process, c.Code),
                CapabilityKind.Certification => InputChecks.CatalogueId(NodeKind.CertificationStandard, c.Code),
                _ => null,
            })
            .Concat(batch.Requests.OfType<SourcingRequestInput>().SelectMany(r => r.Items).SelectMany(i =>
                new[] { i.HsCode is null ? null : InputChecks.ProductIdOf(i.HsCode) }
                    .Concat(i.RequiredCertifications.Select(c => InputChecks.CatalogueId(NodeKind.CertificationStandard, c)))
                    .Concat(i.RequiredProcesses.Select(c => InputChecks.CatalogueId(NodeKind.Process, c)))))
            .Concat(batch.Links.Select(l => l?.HsCode is { } hs ? InputChecks.ProductIdOf(hs) : null))
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        sectorIds = [.. sectorIds.Concat(batch.Requests.OfType<SourcingRequestInput>().SelectMany(r => r.Items).Select(i => i.Sector).OfType<string>().Select(SectorCode.ToId)).Distinct(StringComparer.Ordinal)];
        var alliances = batch.Firms.SelectMany(f => f?.Alliances ?? []).Select(a => NodeIds.Prefixed(NodeKind.Alliance, a.Trim())).Distinct(StringComparer.Ordinal).ToList();
        var developers = batch.Parks.Select(p => p?.Developer).OfType<string>().Select(d => NodeIds.Prefixed(NodeKind.Firm, d)).Distinct(StringComparer.Ordinal).ToList();
        var wardRefs = batch.Firms.Select(f => (f?.Ward, f?.Province)).Concat(batch.Parks.Select(p => (p?.Ward, p?.Province)));
        return new InputChecks(store, today, provinces, parks)
        {
            IdentifierHolders = await IdentifierHoldersAsync(batch, cancellationToken).ConfigureAwait(false),
            Wards = await WardLookup.LoadAsync(store, provinces, today, wardRefs, cancellationToken).ConfigureAwait(false),
            KnownSectors = await InputChecks.ExistingAsync(store, sectorIds, NodeKind.Sector, cancellationToken).ConfigureAwait(false),
            KnownDevelopers = await InputChecks.ExistingAsync(store, developers, NodeKind.Firm, cancellationToken).ConfigureAwait(false),
            KnownAlliances = await InputChecks.ExistingAsync(store, alliances, NodeKind.Alliance, cancellationToken).ConfigureAwait(false),
            KnownCatalogue = await ExistingAnyAsync(catalogue, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>The firms of the graph that hold an identifier the inputs give, by the identifier's key.</summary>
    private async Task<Dictionary<string, string>> IdentifierHoldersAsync(InputBatch batch, CancellationToken cancellationToken)
    {
        var keys = batch.Firms.SelectMany(f => f?.Identifiers ?? [])
            .Select(i => Enum.IsDefined(i.Scheme) && Identifiers.TryNormalize(i.Scheme, i.Value, out var c, out _) ? Identifiers.Key(i.Scheme, c) : null)
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var holders = new Dictionary<string, string>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return holders;
        }
        var wanted = keys.ToHashSet(StringComparer.Ordinal);
        var page = await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, Filter = new NodeFilter { IdentifierKeys = keys } }, cancellationToken).ConfigureAwait(false);
        foreach (var firm in page.Items.Select(i => (Firm)i.Node))
        {
            foreach (var identifier in firm.Identifiers ?? [])
            {
                if (wanted.Contains(identifier.Key))
                {
                    holders.TryAdd(identifier.Key, firm.Id);
                }
            }
        }
        return holders;
    }

    private async Task<HashSet<string>> ExistingAnyAsync(List<string> ids, CancellationToken cancellationToken)
    {
        var nodes = ids.Count == 0 ? [] : await store.GetNodesAsync(ids, cancellationToken).ConfigureAwait(false);
        return [.. nodes.Where(n => n is not null).Select(n => n!.Id)];
    }
}
