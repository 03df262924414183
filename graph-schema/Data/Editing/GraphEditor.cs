using Ecosystem.Graph.Data.Input;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Data.Editing;

/// <summary>
/// Edits of the graph one item at a time, as the API's mutations make them. Firms, parks, links and sources are checked
/// by the rules every input meets (<see cref="InputPlanner"/>, which imports use too), so an edit and an import accept
/// the same values with the same messages; what depends on the graph as it is (a merged id, a tax code another firm
/// holds, an existing link) and merges are checked here. Every edit is checked whole before anything is written
/// (<see cref="EditRejectedException"/> lists every problem by input field), then applied as one change set that
/// carries the audit information. Edits through one editor are made one at a time, and each write is made only if the
/// graph is still at the version its checks read (another process sharing the store may write meanwhile), so a check
/// and its write always see the same graph.
/// </summary>
public sealed class GraphEditor(IGraphStore store, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose() => _gate.Dispose();

    private DateOnly Today => VietnamTime.Today(time);

    private AuditInfo Audit(string actor, string operation, string? note = null) => new(actor, operation, time.GetUtcNow(), note);

    public Task<EditResult<Firm>> UpsertFirmAsync(FirmInput input, string actor, CancellationToken cancellationToken = default) =>
        Locked(async ct =>
        {
            var firm = (await PlanAsync(new InputBatch { Firms = [input] }, ct).ConfigureAwait(false)).UpsertNodes.OfType<Firm>().Single();
            var errors = new List<EditError>();
            var existing = (await store.GetNodesAsync([firm.Id], ct).ConfigureAwait(false))[0];
            if (existing is not null && existing.Id != firm.Id)
            {
                errors.Add(new EditError("id", $"this id was merged into {existing.Id}; edit that firm"));
            }
            if (firm.TaxCode is { } tax)
            {
                var holders = await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, Filter = new NodeFilter { TaxCodes = [tax] } }, ct).ConfigureAwait(false);
                if (holders.Items.FirstOrDefault(i => i.Node.Id != firm.Id) is { } other)
                {
                    errors.Add(new EditError("taxCode", $"already the tax code of {other.Node.Id}"));
                }
            }
            foreach (var key in firm.Identifiers?.Select(i => i.Key) ?? [])
            {
                var holders = await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, Filter = new NodeFilter { IdentifierKeys = [key] } }, ct).ConfigureAwait(false);
                if (holders.Items.FirstOrDefault(i => i.Node.Id != firm.Id) is { } other)
                {
                    errors.Add(new EditError("identifiers", $"{key} is already held by {other.Node.Id}"));
                }
            }
            Throw(errors);
            if (existing is Firm old && old.Id == firm.Id)
            {
                // What the input does not carry (or gives as null) stays as it was; the profile changes only by SetCapabilitiesAsync.
                firm = firm with
                {
                    Size = firm.Size ?? old.Size,
                    OriginCountry = firm.OriginCountry ?? old.OriginCountry,
                    Employees = firm.Employees ?? old.Employees,
                    FoundedYear = firm.FoundedYear ?? old.FoundedYear,
                    RevenueUsd = firm.RevenueUsd ?? old.RevenueUsd,
                    AllianceIds = input.Alliances is null ? old.AllianceIds : firm.AllianceIds,
                    Identifiers = input.Identifiers is null ? old.Identifiers : firm.Identifiers,
                    Capabilities = old.Capabilities,
                    Sources = old.Capabilities is { } had ? [.. firm.Sources.Concat(had.AllSources()).Distinct(StringComparer.Ordinal)] : firm.Sources,
                    Note = old.Note,
                    FormerIds = old.FormerIds,
                };
            }
            var result = await ApplyAsync(new ChangeSet { UpsertNodes = [firm], Audit = Audit(actor, "upsertFirm") }, ct).ConfigureAwait(false);
            return new EditResult<Firm>(firm, result.Version, result.Changed);
        }, cancellationToken);

    /// <summary>Replaces a firm's profile with the facts given (none: the profile is cleared); each fact cites its sources.</summary>
    public Task<EditResult<Firm>> SetCapabilitiesAsync(string firmRef, IReadOnlyList<CapabilityInput> facts, string actor, CancellationToken cancellationToken = default) =>
        Locked(async ct =>
        {
            var id = NodeIds.Prefixed(NodeKind.Firm, firmRef.Trim());
            if ((await store.GetNodesAsync([id], ct).ConfigureAwait(false))[0] is not Firm old || old.Id != id)
            {
                throw new EditRejectedException([new EditError("firm", $"unknown firm '{firmRef}'")]);
            }
            var plan = await PlanAsync(new InputBatch { Capabilities = [.. facts.Select(f => f with { Firm = id })] }, ct).ConfigureAwait(false);
            var firm = plan.UpsertNodes.OfType<Firm>().SingleOrDefault() ?? old with { Capabilities = null };
            var result = await ApplyAsync(new ChangeSet { UpsertNodes = [firm], Audit = Audit(actor, "setFirmCapabilities") }, ct).ConfigureAwait(false);
            return new EditResult<Firm>(firm, result.Version, result.Changed);
        }, cancellationToken);

    /// <summary>Posts a sourcing request, or replaces one (same id) with what the input gives.</summary>
    public Task<EditResult<SourcingRequest>> SaveSourcingRequestAsync(SourcingRequestInput input, bool mustExist, string actor, CancellationToken cancellationToken = default) =>
        Locked(async ct =>
        {
            var request = (await PlanAsync(new InputBatch { Requests = [input] }, ct).ConfigureAwait(false)).UpsertNodes.OfType<SourcingRequest>().Single();
            var existing = (await store.GetNodesAsync([request.Id], ct).ConfigureAwait(false))[0] as SourcingRequest;
            if (mustExist && existing is null)
            {
                Throw([new EditError("id", $"no sourcing request {request.Id}: post it with postSourcingRequest")]);
            }
            if (!mustExist && existing is not null)
            {
                Throw([new EditError("id", $"the sourcing request {request.Id} exists: change it with updateSourcingRequest")]);
            }
            if (existing is not null && input.PostedOn is null)
            {
                request = request with { PostedOn = existing.PostedOn };
            }
            var result = await ApplyAsync(new ChangeSet { UpsertNodes = [request], Audit = Audit(actor, mustExist ? "updateSourcingRequest" : "postSourcingRequest") }, ct).ConfigureAwait(false);
            return new EditResult<SourcingRequest>(request, result.Version, result.Changed);
        }, cancellationToken);

    /// <summary>Closes a sourcing request (it stays readable, its status CLOSED).</summary>
    public Task<EditResult<SourcingRequest>> CloseSourcingRequestAsync(string id, string? note, string actor, CancellationToken cancellationToken = default) =>
        Locked(async ct =>
        {
            var requestId = NodeIds.Prefixed(NodeKind.SourcingRequest, id.Trim());
            if ((await store.GetNodesAsync([requestId], ct).ConfigureAwait(false))[0] is not SourcingRequest existing)
            {
                throw new EditRejectedException([new EditError("id", $"no sourcing request {requestId}")]);
            }
            var closed = existing with { Status = SourcingStatus.Closed };
            var result = await ApplyAsync(new ChangeSet { UpsertNodes = [closed], Audit = Audit(actor, "closeSourcingRequest", note) }, ct).ConfigureAwait(false);
            return new EditResult<SourcingRequest>(closed, result.Version, result.Changed);
        }, cancellationToken);

    public Task<EditResult<SupplyLink>> AddSupplyLinkAsync(LinkInput input, string actor, CancellationToken cancellationToken = default) =>
        Locked(async ct =>
        {
            var link = await CheckLinkAsync(input, ct).ConfigureAwait(false);
            if ((await store.GetLinksAsync([link.Id], ct).ConfigureAwait(false))[0] is not null)
            {
                Throw([new EditError("product", $"the link {link.Id} exists (same supplier, buyer, sector and product): change it with updateSupplyLink")]);
            }
            var result = await ApplyAsync(new ChangeSet { UpsertLinks = [link], Audit = Audit(actor, "addSupplyLink") }, ct).ConfigureAwait(false);
            return new EditResult<SupplyLink>(link, result.Version, result.Changed);
        }, cancellationToken);

    public Task<EditResult<SupplyLink>> UpdateSupplyLinkAsync(LinkUpdate update, string actor, CancellationToken cancellationToken = default) =>
        Locked(async ct =>
        {
            var existing = await ExistingLinkAsync(update.Id, ct).ConfigureAwait(false);
            var input = new LinkInput
            {
                Supplier = existing.SupplierId,
                Buyer = existing.BuyerId,
                Sector = existing.SectorId,
                Product = existing.Product,
                HsCode = update.HsCode.Or(existing.HsProductId is { } hs ? NodeIds.Local(hs) : null),
                ValueUsd = update.ValueUsd.Or(existing.ValueUsd),
                Since = update.Since.Or(existing.Since),
                Until = update.Until.Or(existing.Until),
                Confidence = update.Confidence.Or(existing.Confidence),
                Sources = update.Sources,
            };
            var link = await CheckLinkAsync(input, ct).ConfigureAwait(false);
            var result = await ApplyAsync(new ChangeSet { UpsertLinks = [link], Audit = Audit(actor, "updateSupplyLink") }, ct).ConfigureAwait(false);
            return new EditResult<SupplyLink>(link, result.Version, result.Changed);
        }, cancellationToken);

    public Task<EditResult<SupplyLink>> RemoveSupplyLinkAsync(string id, string? note, string actor, CancellationToken cancellationToken = default) =>
        Locked(async ct =>
        {
            var existing = await ExistingLinkAsync(id, ct).ConfigureAwait(false);
            var result = await ApplyAsync(new ChangeSet { DeleteLinks = [existing.Id], Audit = Audit(actor, "removeSupplyLink", note) }, ct).ConfigureAwait(false);
            return new EditResult<SupplyLink>(existing, result.Version, result.Changed);
        }, cancellationToken);

    public Task<EditResult<Source>> AddSourceAsync(SourceInput input, string actor, CancellationToken cancellationToken = default) =>
        Locked(async ct =>
        {
            var source = (await PlanAsync(new InputBatch { Sources = [input] }, ct).ConfigureAwait(false)).UpsertNodes.OfType<Source>().Single();
            if ((await store.GetNodesAsync([source.Id], ct).ConfigureAwait(false))[0] is { } existing && AuditRecords.Json(existing) != AuditRecords.Json(source))
            {
                Throw([new EditError("id", $"the source {source.Id} exists with other values: a source once cited keeps what it says; add one with a new id")]);
            }
            var result = await ApplyAsync(new ChangeSet { UpsertNodes = [source], Audit = Audit(actor, "addSource") }, ct).ConfigureAwait(false);
            return new EditResult<Source>(source, result.Version, result.Changed);
        }, cancellationToken);

    public Task<EditResult<Park>> UpsertParkAsync(ParkInput input, string actor, CancellationToken cancellationToken = default) =>
        Locked(async ct =>
        {
            var park = (await PlanAsync(new InputBatch { Parks = [input] }, ct).ConfigureAwait(false)).UpsertNodes.OfType<Park>().Single();
            if ((await store.GetNodesAsync([park.Id], ct).ConfigureAwait(false))[0] is Park existing)
            {
                park = park with
                {
                    // A priority sector the park had keeps the phrase it was read from; what the input does not carry stays as it was.
                    PrioritySectors = [.. park.PrioritySectors.Select(p => existing.PrioritySectors.FirstOrDefault(e => e.SectorId == p.SectorId) ?? p)],
                    Citations = existing.Citations,
                    DataDate = existing.DataDate,
                    EcoIndustrial = existing.EcoIndustrial,
                    Note = existing.Note,
                };
            }
            var result = await ApplyAsync(new ChangeSet { UpsertNodes = [park], Audit = Audit(actor, "upsertPark") }, ct).ConfigureAwait(false);
            return new EditResult<Park>(park, result.Version, result.Changed);
        }, cancellationToken);

    /// <summary>
    /// Folds a duplicate firm into the one kept: its links re-pointed (a link the kept firm already has takes in the
    /// duplicate's sources and fills its unknown values; a link between the two is dropped), parks it developed
    /// re-pointed, its sectors, roles, alliances and sources added, its id kept as a former id that still resolves.
    /// </summary>
    public Task<EditResult<(Firm Kept, int Relinked)>> MergeFirmsAsync(string keepId, string duplicateId, string? note, string actor, CancellationToken cancellationToken = default) =>
        Locked(async ct =>
        {
            var errors = new List<EditError>();
            var nodes = await store.GetNodesAsync([keepId, duplicateId], ct).ConfigureAwait(false);
            if (nodes[0] is not Firm keep || keep.Id != keepId)
            {
                errors.Add(new EditError("keep", nodes[0] is Firm merged ? $"this id was merged into {merged.Id}" : "unknown firm"));
            }
            if (nodes[1] is not Firm duplicate || duplicate.Id != duplicateId)
            {
                errors.Add(new EditError("duplicate", nodes[1] is Firm merged ? $"this id was merged into {merged.Id} already" : "unknown firm"));
            }
            if (keepId == duplicateId)
            {
                errors.Add(new EditError("duplicate", "the same firm as keep"));
            }
            Throw(errors);
            keep = (Firm)nodes[0]!;
            duplicate = (Firm)nodes[1]!;
            if (keep.Country != duplicate.Country)
            {
                Throw([new EditError("duplicate", $"in another country ({duplicate.Country}, not {keep.Country}): not the same firm")]);
            }
            if (keep.TaxCode is { } a && duplicate.TaxCode is { } b && a != b)
            {
                Throw([new EditError("duplicate", $"another tax code ({b}, not {a}): not the same firm")]);
            }
            var incoming = (await store.GetSupplyLinksAsync([duplicate.Id, keep.Id], Direction.In, null, ct).ConfigureAwait(false));
            var outgoing = (await store.GetSupplyLinksAsync([duplicate.Id, keep.Id], Direction.Out, null, ct).ConfigureAwait(false));
            var keptLinks = incoming[1].Concat(outgoing[1]).ToDictionary(l => l.Id, StringComparer.Ordinal);
            var moved = new Dictionary<string, SupplyLink>(StringComparer.Ordinal);
            var deletes = new List<string>();
            foreach (var link in incoming[0].Concat(outgoing[0]).DistinctBy(l => l.Id))
            {
                deletes.Add(link.Id);
                var repointed = link with
                {
                    SupplierId = link.SupplierId == duplicate.Id ? keep.Id : link.SupplierId,
                    BuyerId = link.BuyerId == duplicate.Id ? keep.Id : link.BuyerId,
                };
                if (repointed.SupplierId == repointed.BuyerId)
                {
                    continue;
                }
                var target = moved.GetValueOrDefault(repointed.Id) ?? keptLinks.GetValueOrDefault(repointed.Id);
                moved[repointed.Id] = target is null ? repointed : Combine(target, repointed);
            }
            var parks = (await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Park }, ct).ConfigureAwait(false)).Items
                .Select(i => (Park)i.Node).Where(p => p.DeveloperFirmId == duplicate.Id).Select(p => p with { DeveloperFirmId = keep.Id }).ToList();
            var kept = keep with
            {
                TaxCode = keep.TaxCode ?? duplicate.TaxCode,
                Ownership = keep.Ownership ?? duplicate.Ownership,
                OriginCountry = keep.OriginCountry ?? duplicate.OriginCountry,
                Size = keep.Size ?? duplicate.Size,
                ProvinceId = keep.ProvinceId ?? duplicate.ProvinceId,
                ParkId = keep.ParkId ?? duplicate.ParkId,
                Lat = keep.Lat ?? duplicate.Lat,
                Lng = keep.Lat is null ? duplicate.Lng : keep.Lng,
                RevenueUsd = keep.RevenueUsd ?? duplicate.RevenueUsd,
                Roles = [.. keep.Roles.Union(duplicate.Roles)],
                SectorIds = [.. keep.SectorIds.Union(duplicate.SectorIds, StringComparer.Ordinal)],
                AllianceIds = [.. keep.AllianceIds.Union(duplicate.AllianceIds, StringComparer.Ordinal)],
                Sources = [.. keep.Sources.Union(duplicate.Sources, StringComparer.Ordinal)],
                FormerIds = [.. (keep.FormerIds ?? []).Append(duplicate.Id).Concat(duplicate.FormerIds ?? []).Distinct(StringComparer.Ordinal)],
                Identifiers = Rules.Identifiers.Union(keep.Identifiers, duplicate.Identifiers, keep.TaxCode ?? duplicate.TaxCode),
            };
            var result = await ApplyAsync(new ChangeSet
            {
                UpsertNodes = [kept, .. parks],
                DeleteNodes = [duplicate.Id],
                DeleteLinks = deletes,
                UpsertLinks = [.. moved.Values],
                Audit = Audit(actor, "mergeFirms", note is null ? $"{duplicate.Id} into {keep.Id}" : $"{duplicate.Id} into {keep.Id}: {note}"),
            }, ct).ConfigureAwait(false);
            return new EditResult<(Firm, int)>((kept, moved.Count), result.Version, result.Changed);
        }, cancellationToken);

    private static SupplyLink Combine(SupplyLink kept, SupplyLink moved) => kept with
    {
        ValueUsd = kept.ValueUsd ?? moved.ValueUsd,
        Since = kept.Since is { } s && moved.Since is { } t ? (s < t ? s : t) : null,
        Until = kept.Until is { } u && moved.Until is { } v ? (u > v ? u : v) : null,
        Confidence = Math.Max(kept.Confidence, moved.Confidence),
        Sources = [.. kept.Sources.Union(moved.Sources, StringComparer.Ordinal)],
    };

    /// <summary>
    /// Runs an edit alone in this editor, its checks and its write against one version of the graph: when another
    /// process sharing the store (an API replica, an import) wrote in between, the write is refused by the store and the
    /// edit is checked and made again on the new graph, up to <see cref="Attempts"/> times.
    /// </summary>
    private async Task<T> Locked<T>(Func<CancellationToken, Task<T>> edit, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                _expected = await store.GetVersionAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    return await edit(cancellationToken).ConfigureAwait(false);
                }
                catch (GraphChangedException) when (attempt < Attempts)
                {
                    // Someone else wrote since the checks read the graph: check again.
                }
            }
        }
        finally
        {
            _expected = null;
            _gate.Release();
        }
    }

    /// <summary>How many times an edit is checked and tried when other writers keep changing the graph under it.</summary>
    public const int Attempts = 5;

    // The version the running edit's checks read (set by Locked, under the gate).
    private long? _expected;

    private async Task<ChangeResult> ApplyAsync(ChangeSet changes, CancellationToken cancellationToken)
    {
        try
        {
            return await store.ApplyAsync(changes with { ExpectedVersion = _expected }, cancellationToken).ConfigureAwait(false);
        }
        catch (ChangeSetRejectedException ex)
        {
            // The store's own rules have the last word; their field names are the API's.
            throw new EditRejectedException([.. ex.Errors.Select(e => new EditError(e.Field, e.Message))]);
        }
    }

    private async Task<SupplyLink> ExistingLinkAsync(string id, CancellationToken cancellationToken) =>
        (await store.GetLinksAsync([id], cancellationToken).ConfigureAwait(false))[0]
            ?? throw new EditRejectedException([new EditError("id", "no supply link has this id")]);

    private async Task<SupplyLink> CheckLinkAsync(LinkInput input, CancellationToken cancellationToken) =>
        (await PlanAsync(new InputBatch { Links = [input] }, cancellationToken).ConfigureAwait(false)).UpsertLinks.Single();

    /// <summary>One input through the rules every input meets (<see cref="InputPlanner"/>); its problems become the input's fields.</summary>
    private async Task<ChangeSet> PlanAsync(InputBatch batch, CancellationToken cancellationToken)
    {
        var plan = await new InputPlanner(store).PlanAsync(batch, Today, null, cancellationToken).ConfigureAwait(false);
        return plan.Changes ?? throw new EditRejectedException([.. plan.Problems.Select(p => new EditError(FieldOf(p), p.Message))]);
    }

    /// <summary>A problem's input field as the mutation names it: a fact or an item by its place in the list ("facts[2].code", "items[0].hsCode").</summary>
    private static string FieldOf(InputProblem p) =>
        p.Kind == InputKind.Capability ? $"facts[{p.Index}].{p.Field}"
        : p.Part is { } part ? $"items[{part}].{p.Field["items.".Length..]}"
        : p.Field;

    private static void Throw(List<EditError> errors)
    {
        if (errors.Count > 0)
        {
            throw new EditRejectedException(errors);
        }
    }
}
