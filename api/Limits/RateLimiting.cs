using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Ecosystem.Api.Limits;

/// <summary>
/// Requests per caller (section "RateLimits"): a fixed window per client IP address; over it, 429 with Retry-After and a
/// coded JSON error. PermitsPerWindow 0 turns it off. Health checks are not counted.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public int PermitsPerWindow { get; set; } = 1200;

    public int WindowSeconds { get; set; } = 60;
}

public static class RateLimiting
{
    public const string Code = "RATE_LIMITED";

    public static WebApplicationBuilder AddEcosystemRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.PermitsPerWindow >= 0 && o.WindowSeconds > 0, "RateLimits:PermitsPerWindow must be 0 (off) or more and RateLimits:WindowSeconds positive")
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                options.PermitsPerWindow == 0 || http.Request.Path.StartsWithSegments("/health")
                    ? RateLimitPartition.GetNoLimiter("unlimited")
                    : RateLimitPartition.GetFixedWindowLimiter(
                        "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                        _ => new FixedWindowRateLimiterOptions
                        {
                            PermitLimit = options.PermitsPerWindow,
                            Window = TimeSpan.FromSeconds(options.WindowSeconds),
                            QueueLimit = 0,
                        }));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(options.WindowSeconds);
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await http.Response.WriteAsJsonAsync(
                    new { errors = new[] { new { message = $"Too many requests: at most {options.PermitsPerWindow} every {options.WindowSeconds} s from one address.", extensions = new { code = Code } } } },
                    cancellationToken);
            };
        });
        return builder;
    }
}
