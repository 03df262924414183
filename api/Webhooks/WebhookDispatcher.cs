using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ecosystem.Api.Changes;
using Ecosystem.Api.Observability;
using Ecosystem.Graph.Store;
using Microsoft.Extensions.Options;

namespace Ecosystem.Api.Webhooks;

/// <summary>
/// Where webhooks may go: an absolute https address (http only when <see cref="WebhookOptions.AllowHttp"/>) whose host
/// an admin allowed (<see cref="WebhookOptions.AllowedHosts"/>), and, unless <see cref="WebhookOptions.AllowPrivateNetworks"/>,
/// never to an address of loopback, a private, link-local, shared or unique-local range, checked when the webhook is made
/// and again on every connection (so a name that resolves elsewhere later is caught).
/// </summary>
public sealed class WebhookPolicy(IOptions<WebhookOptions> options)
{
    /// <summary>Why a URL may not receive webhooks, or null when it may.</summary>
    public async Task<string?> ProblemAsync(string url, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || (settings.AllowHttp && uri.Scheme == Uri.UriSchemeHttp)))
        {
            return settings.AllowHttp ? "not an absolute http(s) address" : "not an absolute https address";
        }
        if (!uri.UserInfo.Equals("", StringComparison.Ordinal))
        {
            return "an address with a user name or password";
        }
        var host = uri.IdnHost.ToLowerInvariant();
        if (!settings.AllowedHosts.Any(allowed => Matches(host, allowed.Trim().ToLowerInvariant())))
        {
            return settings.AllowedHosts.Count == 0
                ? "no host may receive webhooks here (an admin allows hosts with Webhooks:AllowedHosts)"
                : $"the host '{host}' is not among the hosts allowed (Webhooks:AllowedHosts)";
        }
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return $"the host '{host}' does not resolve";
        }
        return addresses.Length == 0 ? $"the host '{host}' does not resolve"
            : addresses.FirstOrDefault(a => !Allowed(a)) is { } refused ? $"the host '{host}' resolves to {refused}, a private or loopback address" : null;
    }

    private static bool Matches(string host, string allowed) =>
        allowed.StartsWith("*.", StringComparison.Ordinal) ? host.EndsWith(allowed[1..], StringComparison.Ordinal) : host == allowed;

    /// <summary>Whether a connection may go to this address.</summary>
    public bool Allowed(IPAddress address) => options.Value.AllowPrivateNetworks || !IsPrivate(address);

    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
        {
            return true;
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
        }
        var b = address.GetAddressBytes();
        return b[0] == 10 || b[0] == 0 || b[0] == 127 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) || b[0] >= 224;
    }
}

/// <summary>
/// Sends each enabled webhook the change sets after its cursor that it asked for (the change feed, restricted items
/// included: webhooks are made by editors), one at a time in version order, as JSON signed with HMAC-SHA256
/// (<c>X-Ecosystem-Signature: t=UNIX_SECONDS,v1=HEX</c> over <c>t + "." + body</c>, keyed by the webhook's secret). A
/// failed delivery (no answer, or not 2xx) is tried again after <see cref="WebhookOptions.RetryBaseMs"/>, doubled each
/// time; after <see cref="WebhookOptions.MaxAttempts"/> the webhook is disabled with the reason, its cursor kept, so
/// that enabling it again resumes there. Every attempt goes into the delivery log. Woken by this process's commits, and
/// every second for other replicas'. Redirects are not followed.
/// </summary>
public sealed class WebhookDispatcher(
    WebhookStore hooks,
    ChangeFeed feed,
    CommitSignal commits,
    WebhookPolicy policy,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string SignatureHeader = "X-Ecosystem-Signature";

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        // Every connection checked where it really goes (a name may resolve to a private address after the check at creation).
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
            var allowed = addresses.FirstOrDefault(policy.Allowed) ?? throw new HttpRequestException($"{context.DnsEndPoint.Host} resolves only to private or loopback addresses");
            var socket = new Socket(allowed.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        Timeout = TimeSpan.FromSeconds(Math.Max(1, options.Value.TimeoutSeconds)),
    };

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await commits.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
                await Task.WhenAll(hooks.List().Where(h => h.Enabled).Select(h => DispatchAsync(h, stoppingToken))).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The dispatcher outlives any one failure: it logs it and tries again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.WebhooksFailed(logger, e);
            }
        }
    }

    /// <summary>What is due to one webhook, in order, until it is up to date, a delivery fails for good, or another process moved it.</summary>
    public async Task DispatchAsync(Webhook hook, CancellationToken cancellationToken)
    {
        var cursor = hook.Cursor;
        while (true)
        {
            ChangePage page;
            try
            {
                page = await feed.ReadAsync(new ChangeQuery
                {
                    After = cursor,
                    First = 50,
                    NodeId = hook.NodeId,
                    Kinds = hook.Kinds?.ToHashSet(StringComparer.Ordinal),
                    MaxItems = 1000,
                    ReadsRestricted = true,
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (Graph.Store.ChangesNotKeptException e)
            {
                // A bulk load has no change record to send: the webhook goes on after it.
                if (!hooks.Advance(hook.Id, cursor, e.ResumeAfter))
                {
                    return;
                }
                cursor = e.ResumeAfter;
                continue;
            }
            foreach (var change in page.Changes)
            {
                if (Event(hook, change) is { } name)
                {
                    if (!await DeliverAsync(hook, name, change, cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }
                }
                if (!hooks.Advance(hook.Id, cursor, change.Version))
                {
                    return;
                }
                cursor = change.Version;
            }
            if (page.EndVersion > cursor && !hooks.Advance(hook.Id, cursor, page.EndVersion))
            {
                return;
            }
            cursor = Math.Max(cursor, page.EndVersion);
            if (!page.HasMore)
            {
                return;
            }
        }
    }

    /// <summary>The event a change set is for this webhook, or null when it asked for neither.</summary>
    private static string? Event(Webhook hook, GraphChange change) =>
        hook.Events.Contains(WebhookEvent.SourcingRequestPosted) && change.Items.Any(i => i.Kind == "SourcingRequest" && i.Action == ChangeAction.Created) ? "SOURCING_REQUEST_POSTED"
        : hook.Events.Contains(WebhookEvent.GraphChanged) ? "GRAPH_CHANGED"
        : null;

    /// <summary>One change set to one webhook, tried again with backoff; false (and the webhook disabled) when every attempt failed.</summary>
    private async Task<bool> DeliverAsync(Webhook hook, string name, GraphChange change, CancellationToken cancellationToken)
    {
        var body = Body(hook, name, change);
        var settings = options.Value;
        for (var attempt = 1; attempt <= settings.MaxAttempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(settings.RetryBaseMs * Math.Pow(2, attempt - 2)), cancellationToken).ConfigureAwait(false);
            }
            var started = Stopwatch.GetTimestamp();
            int? status = null;
            string? error = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                request.Headers.Add("X-Ecosystem-Event", name);
                request.Headers.Add("X-Ecosystem-Webhook", hook.Id);
                request.Headers.Add("X-Ecosystem-Delivery", change.Version.ToString(CultureInfo.InvariantCulture));
                request.Headers.Add(SignatureHeader, Signature(hook.Secret, time.GetUtcNow().ToUnixTimeSeconds(), body));
                using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                status = (int)response.StatusCode;
                error = response.IsSuccessStatusCode ? null : $"answered {status}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                error = e is TaskCanceledException ? "no answer in time" : e.Message;
            }
            hooks.Log(new WebhookDelivery(0, hook.Id, change.Version, attempt, time.GetUtcNow(), status, error, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            if (error is null)
            {
                return true;
            }
        }
        hooks.SetEnabled(hook.Id, false, $"{settings.MaxAttempts} attempts to deliver version {change.Version} failed");
        return false;
    }

    private static byte[] Body(Webhook hook, string name, GraphChange change)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("webhook", hook.Id);
            json.WriteString("event", name);
            json.WritePropertyName("change");
            ChangeRequests.Write(json, change, admin: false);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>The signature header: the time and the HMAC-SHA256 (keyed by the secret's UTF-8 bytes) of "t.body", in hex.</summary>
    public static string Signature(string secret, long unixSeconds, byte[] body)
    {
        var t = unixSeconds.ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.UTF8.GetBytes(t + ".").Concat(body).ToArray();
        return $"t={t},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed))}";
    }
}
