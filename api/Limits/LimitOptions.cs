namespace Ecosystem.Api.Limits;

/// <summary>Request limits checked before a document runs (section "GraphQL:Limits"); a rejected document never executes.</summary>
public sealed class LimitOptions
{
    public const string Section = "GraphQL:Limits";

    /// <summary>Deepest nesting of fields allowed.</summary>
    public int MaxDepth { get; set; } = 15;

    /// <summary>Highest complexity allowed: every field costs one, times the page sizes (first/last) of the lists above it.</summary>
    public int MaxComplexity { get; set; } = 20_000;

    /// <summary>Largest first/last on any connection.</summary>
    public int MaxPageSize { get; set; } = 100;

    /// <summary>Page size when neither first nor last is given.</summary>
    public int DefaultPageSize { get; set; } = 20;

    /// <summary>Most aliased fields in one document.</summary>
    public int MaxAliases { get; set; } = 30;

    /// <summary>Longest execution, in milliseconds; store work is cancelled when it runs out.</summary>
    public int TimeoutMs { get; set; } = 10_000;

    /// <summary>Most firms a supply chain or other walk returns; a bigger result is cut at a tier boundary and says so.</summary>
    public int MaxChainFirms { get; set; } = 250_000;

    /// <summary>Largest request body, in bytes.</summary>
    public long MaxBodyBytes { get; set; } = 100_000;
}
