using Ecosystem.Api.Errors;
using System.Globalization;
using System.Threading.RateLimiting;
using Ecosystem.Api.Auth;
using Microsoft.AspNetCore.RateLimiting;

namespace Ecosystem.Api.Limits;

/// <summary>
/// Requests per caller (section "RateLimits"): a fixed window per API key or token subject (KeyPermitsPerWindow, or the
/// key's own PermitsPerWindow) and per client IP address for everyone else (PermitsPerWindow); over it, 429 with
/// Retry-After and a coded JSON error. PermitsPerWindow 0 turns limits off. Health checks are not counted.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public int PermitsPerWindow { get; set; } = 1200;

    /// <summary>Requests per window for a caller with an API key or token, unless the key sets its own.</summary>
    public int KeyPermitsPerWindow { get; set; } = 6000;

    public int WindowSeconds { get; set; } = 60;
}

public static class RateLimiting
{
    public const string Code = ErrorCodes.RateLimited;

    public static WebApplicationBuilder AddEcosystemRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.PermitsPerWindow >= 0 && o.KeyPermitsPerWindow > 0 && o.WindowSeconds > 0,
                "RateLimits:PermitsPerWindow must be 0 (off) or more, RateLimits:KeyPermitsPerWindow and RateLimits:WindowSeconds positive")
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (options.PermitsPerWindow == 0 || http.Request.Path.StartsWithSegments("/health"))
                {
                    return RateLimitPartition.GetNoLimiter("unlimited");
                }
                var (partition, permits) = http.User.FindFirst(Authentication.PartitionClaim)?.Value is { } caller
                    ? ("caller:" + caller, http.RequestServices.GetRequiredService<ApiKeyDirectory>().PermitsOf(caller) is > 0 and var own ? own : options.KeyPermitsPerWindow)
                    : ("ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"), options.PermitsPerWindow);
                return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = TimeSpan.FromSeconds(options.WindowSeconds),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(options.WindowSeconds);
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await ErrorResponses.WriteAsync(http, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
                    $"Too many requests: over this caller's limit for {options.WindowSeconds} s; retry after the time in Retry-After.");
            };
        });
        return builder;
    }
}
