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

    /// <summary>Most fields, fragment spreads and inline fragments written in one document (checked before validation).</summary>
    public int MaxSelections { get; set; } = 2_000;

    /// <summary>Most operations and fragments in one document.</summary>
    public int MaxDefinitions { get; set; } = 100;

    /// <summary>Most variable definitions in one document.</summary>
    public int MaxVariables { get; set; } = 100;

    /// <summary>Most arguments written on one field.</summary>
    public int MaxArgumentsPerField { get; set; } = 25;

    /// <summary>Most directives written in one place (a field, fragment or operation).</summary>
    public int MaxDirectivesPerLocation { get; set; } = 10;

    /// <summary>
    /// Most fields the check that fields can merge may visit with fragments expanded; a document past it expands to
    /// more than the complexity limit could ever allow, and is refused.
    /// </summary>
    public int MaxExpandedFields { get; set; } = 50_000;

    /// <summary>Largest request body, in bytes.</summary>
    public long MaxBodyBytes { get; set; } = 100_000;
}
