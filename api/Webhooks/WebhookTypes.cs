using Ecosystem.Api.Auth;
using Ecosystem.Api.Changes;
using Ecosystem.Api.Errors;
using Ecosystem.Api.Limits;
using Ecosystem.Api.Schema;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Api.Webhooks;

/// <summary>A webhook refused (an address not allowed, an unknown webhook).</summary>
public sealed class WebhookException(string code, string message) : ApiException(code, message);

public static class WebhookFields
{
    private static T Service<T>(IResolveFieldContext c)
        where T : notnull => (c.RequestServices ?? throw new InvalidOperationException("no request services")).GetRequiredService<T>();

    /// <summary>A webhook the caller may manage: their own, or any for an admin.</summary>
    private static Webhook Own(IResolveFieldContext c, string id) =>
        Service<WebhookStore>(c).List(c.User.Has(Role.Admin) ? null : Roles.Actor(c.User)).FirstOrDefault(h => h.Id == id)
        ?? throw new WebhookException(ErrorCodes.NotFound, $"No webhook \"{id}\" of yours.");

    public static void AddQueries(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<WebhookType>>>>("webhooks")
            .Description("The webhooks the caller made (an admin sees every one), with their delivery logs.")
            .Restricted(Role.Editor)
            .Resolve(c => Service<WebhookStore>(c).List(c.User.Has(Role.Admin) ? null : Roles.Actor(c.User)));

    public static void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CreateWebhookPayloadType>>("createWebhook")
            .Description("Sends the change sets committed from now on to an address (one an admin allowed: Webhooks:AllowedHosts; never a private or loopback one unless allowed), as JSON signed with HMAC-SHA256 under the secret returned here once.")
            .Argument<NonNullGraphType<CreateWebhookInputType>>("input", "The webhook.")
            .Restricted(Role.Editor)
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var url = ((string?)input["url"] ?? "").Trim();
                var events = ((IEnumerable<object?>?)input.GetValueOrDefault("events") ?? []).OfType<WebhookEvent>().Distinct().ToList();
                if (events.Count == 0)
                {
                    throw new WebhookException(ErrorCodes.BadUserInput, "Name at least one event.");
                }
                if (await Service<WebhookPolicy>(c).ProblemAsync(url, c.CancellationToken).ConfigureAwait(false) is { } problem)
                {
                    throw new WebhookException(ErrorCodes.BadUserInput, $"input.url: {problem}.");
                }
                var kinds = ((IEnumerable<object?>?)input.GetValueOrDefault("kinds"))?.OfType<string>().ToList();
                var version = await Service<IGraphStore>(c).GetVersionAsync(c.CancellationToken).ConfigureAwait(false);
                var hook = Service<WebhookStore>(c).Create(url, events, input.GetValueOrDefault("nodeId") as string, kinds, Roles.Actor(c.User), version, Service<TimeProvider>(c).GetUtcNow());
                return (hook, hook.Secret);
            });
        mutation.Field<NonNullGraphType<BooleanGraphType>>("deleteWebhook")
            .Description("Deletes a webhook of yours (an admin: any) and its delivery log.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "The webhook.")
            .Restricted(Role.Editor)
            .Resolve(c => Service<WebhookStore>(c).Delete(Own(c, c.GetArgument<string>("id")).Id));
        mutation.Field<NonNullGraphType<WebhookType>>("enableWebhook")
            .Description("Enables a webhook disabled after failed deliveries: it resumes after the last version it delivered.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "The webhook.")
            .Restricted(Role.Editor)
            .Resolve(c =>
            {
                var hook = Own(c, c.GetArgument<string>("id"));
                Service<WebhookStore>(c).SetEnabled(hook.Id, true, null);
                return hook with { Enabled = true, DisabledReason = null };
            });
    }
}

public sealed class WebhookEventType() : DescribedEnumType<WebhookEvent>("WebhookEvent", "What a webhook is sent for.", new Dictionary<WebhookEvent, string>
{
    [WebhookEvent.GraphChanged] = "Every change set that passes the webhook's filter.",
    [WebhookEvent.SourcingRequestPosted] = "Change sets that post a sourcing request.",
});

public sealed class CreateWebhookInputType : InputObjectGraphType
{
    public CreateWebhookInputType()
    {
        Name = "CreateWebhookInput";
        Description = "Where to send change sets, which, and for what.";
        Field<NonNullGraphType<StringGraphType>>("url").Description("The receiver: an https address on a host an admin allowed.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WebhookEventType>>>>("events").Description("What to send for.");
        Field<IdGraphType>("nodeId").Description("Only change sets that touch this node (itself or one of its supply links).");
        Field<ListGraphType<NonNullGraphType<ChangeKindType>>>("kinds").Description("Only change sets with items of these kinds.");
    }
}

public sealed class CreateWebhookPayloadType : ObjectGraphType<(Webhook Webhook, string Secret)>
{
    public CreateWebhookPayloadType()
    {
        Name = "CreateWebhookPayload";
        Description = "The webhook made, and its secret (shown this once).";
        Field<NonNullGraphType<WebhookType>>("webhook").Description("The webhook.").Resolve(c => c.Source.Webhook);
        Field<NonNullGraphType<StringGraphType>>("secret").Description("The key of the signature: X-Ecosystem-Signature is t=UNIX_SECONDS,v1=HEX, HEX the HMAC-SHA256, keyed by this text's UTF-8 bytes, of t, a dot and the body. Keep it: it is not shown again.").Resolve(c => c.Source.Secret);
    }
}

public sealed class WebhookType : ObjectGraphType<Webhook>
{
    public WebhookType()
    {
        Name = "Webhook";
        Description = "An address the change sets are sent to.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Its id.").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("url").Description("The receiver.").Resolve(c => c.Source.Url);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WebhookEventType>>>>("events").Description("What it is sent for.").Resolve(c => c.Source.Events);
        Field<IdGraphType>("nodeId").Description("Only change sets that touch this node.").Resolve(c => c.Source.NodeId);
        Field<ListGraphType<NonNullGraphType<ChangeKindType>>>("kinds").Description("Only change sets with items of these kinds.").Resolve(c => c.Source.Kinds);
        Field<NonNullGraphType<StringGraphType>>("owner").Description("Who made it.").Resolve(c => c.Source.Owner);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Description("When it was made.").Resolve(c => c.Source.CreatedAt);
        Field<NonNullGraphType<IntGraphType>>("deliveredUpTo").Description("The version it is up to date with.").Resolve(c => checked((int)c.Source.Cursor));
        Field<NonNullGraphType<BooleanGraphType>>("enabled").Description("Whether change sets are sent (false after repeated failures: see disabledReason).").Resolve(c => c.Source.Enabled);
        Field<StringGraphType>("disabledReason").Description("Why it was disabled.").Resolve(c => c.Source.DisabledReason);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WebhookDeliveryType>>>>("deliveries")
            .Description("Its delivery log, newest first: every attempt.")
            .Argument<IntGraphType>("first", "How many (default 20, at most the page-size limit).", a => a.DefaultValue = 20)
            .Resolve(c => (c.RequestServices ?? throw new InvalidOperationException("no request services")).GetRequiredService<WebhookStore>().Deliveries(c.Source.Id, c.ListSize(c.GetArgument("first", 20))));
    }
}

public sealed class WebhookDeliveryType : ObjectGraphType<WebhookDelivery>
{
    public WebhookDeliveryType()
    {
        Name = "WebhookDelivery";
        Description = "One attempt to deliver a change set.";
        Field<NonNullGraphType<IntGraphType>>("version").Description("The change set's version.").Resolve(c => checked((int)c.Source.Version));
        Field<NonNullGraphType<IntGraphType>>("attempt").Description("Which attempt (1 for the first).").Resolve(c => c.Source.Attempt);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("at").Description("When it was made.").Resolve(c => c.Source.At);
        Field<IntGraphType>("status").Description("The receiver's HTTP status (null: no answer).").Resolve(c => c.Source.Status);
        Field<StringGraphType>("error").Description("Why it failed (null: delivered).").Resolve(c => c.Source.Error);
        Field<NonNullGraphType<FloatGraphType>>("durationMs").Description("How long it took.").Resolve(c => Math.Round(c.Source.DurationMs, 1));
    }
}
