namespace Ecosystem.Graph.Store;

/// <summary>
/// The store cannot answer now (a server not reachable, overloaded or refusing this service's credentials), after the
/// retries it deserves. The message is safe to show; the cause (with the server's own words) is for logs only.
/// </summary>
public sealed class StoreUnavailableException(string message, TimeSpan retryAfter, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>When a client may try again.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}
