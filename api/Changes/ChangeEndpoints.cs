using System.Globalization;
using System.Text.Json;
using Ecosystem.Api.Auth;
using Ecosystem.Api.Errors;
using Ecosystem.Graph.Store;

namespace Ecosystem.Api.Changes;

/// <summary>
/// GET /changes?after=&amp;first=&amp;kinds=&amp;nodeId=&amp;itemsPerChange=: the change feed as NDJSON for mirrors, one
/// change set a line, oldest first, with the same rules as the GraphQL field (roles, CHANGES_NOT_KEPT). The headers say
/// where the page ends: <c>X-End-Version</c> (the next page's after), <c>X-Has-More</c> and <c>X-Graph-Version</c>.
/// </summary>
public static class ChangeEndpoints
{
    public const string MediaType = "application/x-ndjson";

    public static IServiceCollection AddChangeFeed(this IServiceCollection services)
    {
        services.AddOptions<Subscriptions.SubscriptionOptions>().BindConfiguration(Subscriptions.SubscriptionOptions.Section);
        services.AddSingleton(sp => new ChangeFeed(sp.GetRequiredService<IGraphStore>()));
        services.AddSingleton<Observability.CommitSignal>();
        services.AddSingleton<Subscriptions.ChangeHub>();
        services.AddHostedService(sp => sp.GetRequiredService<Subscriptions.ChangeHub>());
        services.AddSingleton<Subscriptions.GraphQLWebSockets>();
        services.AddSingleton<Subscriptions.GraphQLServerSentEvents>();
        services.AddOptions<Webhooks.WebhookOptions>().BindConfiguration(Webhooks.WebhookOptions.Section);
        services.AddSingleton<Webhooks.WebhookStore>();
        services.AddSingleton<Webhooks.WebhookPolicy>();
        services.AddHostedService<Webhooks.WebhookDispatcher>();
        return services;
    }

    public static WebApplication MapChanges(this WebApplication app)
    {
        app.MapGet("/changes", async (HttpContext http, ChangeFeed feed) =>
        {
            var query = http.Request.Query;
            static bool Number(string? text, out int value) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
            var (after, first, items) = (0, 100, 100);
            foreach (var (name, set) in new (string, Action<int>)[] { ("after", v => after = v), ("first", v => first = v), ("itemsPerChange", v => items = v) })
            {
                if (query[name] is { Count: > 0 } given)
                {
                    if (!Number(given, out var value))
                    {
                        await ErrorResponses.WriteAsync(http, StatusCodes.Status400BadRequest, ErrorCodes.BadUserInput, $"{name} must be a whole number, not '{given}'.").ConfigureAwait(false);
                        return;
                    }
                    set(value);
                }
            }
            HashSet<string>? kinds = null;
            if (query["kinds"] is { Count: > 0 } named)
            {
                kinds = [.. named.SelectMany(k => (k ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))];
                if (kinds.FirstOrDefault(k => !ChangeRequests.Kinds.Contains(k)) is { } unknown)
                {
                    await ErrorResponses.WriteAsync(http, StatusCodes.Status400BadRequest, ErrorCodes.BadUserInput, $"unknown kind '{unknown}' (known: {string.Join(", ", ChangeRequests.Kinds)}).").ConfigureAwait(false);
                    return;
                }
            }
            ChangePage page;
            try
            {
                page = await ChangeRequests.ReadAsync(feed, new ChangeQuery
                {
                    After = after,
                    First = first,
                    Kinds = kinds,
                    NodeId = query["nodeId"] is { Count: > 0 } node ? node.ToString() : null,
                    MaxItems = items,
                    ReadsRestricted = http.User.Has(Role.Analyst),
                }, http.RequestAborted).ConfigureAwait(false);
            }
            catch (ChangesNotKeptException e)
            {
                http.Response.StatusCode = StatusCodes.Status410Gone;
                http.Response.ContentType = "application/json; charset=utf-8";
                await using var body = new Utf8JsonWriter(http.Response.Body);
                body.WriteStartObject();
                body.WriteStartArray("errors");
                body.WriteStartObject();
                body.WriteString("message", e.Message);
                body.WriteStartObject("extensions");
                body.WriteString("code", e.Code);
                body.WriteNumber("resumeAfter", e.ResumeAfter);
                body.WriteEndObject();
                body.WriteEndObject();
                body.WriteEndArray();
                body.WriteEndObject();
                return;
            }
            catch (ApiException e)
            {
                await ErrorResponses.WriteAsync(http, StatusCodes.Status400BadRequest, e.Code, e.Message).ConfigureAwait(false);
                return;
            }
            http.Response.ContentType = MediaType + "; charset=utf-8";
            http.Response.Headers["X-End-Version"] = page.EndVersion.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["X-Has-More"] = page.HasMore ? "true" : "false";
            http.Response.Headers["X-Graph-Version"] = page.CurrentVersion.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers.CacheControl = "no-store";
            var admin = http.User.Has(Role.Admin);
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            foreach (var change in page.Changes)
            {
                buffer.ResetWrittenCount();
                using (var json = new Utf8JsonWriter(buffer))
                {
                    ChangeRequests.Write(json, change, admin);
                }
                await http.Response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted).ConfigureAwait(false);
                await http.Response.Body.WriteAsync("\n"u8.ToArray(), http.RequestAborted).ConfigureAwait(false);
            }
        });
        return app;
    }
}
