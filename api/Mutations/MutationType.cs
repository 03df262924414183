using Ecosystem.Api.Firms;
using Ecosystem.Api.Parks;
using Ecosystem.Api.Sources;
using Ecosystem.Api.SupplyLinks;
using GraphQL.Types;

namespace Ecosystem.Api.Mutations;

/// <summary>
/// Edits of the graph, for editors. Each lives with its noun (FirmMutations, ParkMutations, SupplyLinkMutations,
/// SourceMutations) and runs through <see cref="Edits"/>: checked whole before anything is written, then one atomic
/// change set that bumps the graph version and goes into the audit log with the caller's name.
/// </summary>
public sealed class MutationType : ObjectGraphType
{
    public MutationType()
    {
        Name = "Mutation";
        Description = "Edits of the graph (editor role): each one atomic, checked whole first, and kept in the audit log.";
        FirmMutations.AddUpsertFirm(this);
        ParkMutations.AddUpsertPark(this);
        SupplyLinkMutations.AddAddSupplyLink(this);
        SupplyLinkMutations.AddUpdateSupplyLink(this);
        SupplyLinkMutations.AddRemoveSupplyLink(this);
        SourceMutations.AddAddSource(this);
        FirmMutations.AddMergeFirms(this);
        Sourcing.SourcingMutations.AddTo(this);
        Webhooks.WebhookFields.AddMutations(this);
    }
}
