using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Rules;

/// <summary>
/// Node ids are "kind:local", readable and stable across reloads: <c>firm:syn-000042</c>, <c>province:24-bac-ninh</c>,
/// <c>sector:2630</c>, <c>sector:isic4:2610</c>, <c>park:kcn-yen-my-hung-yen</c>.
/// </summary>
public static class NodeIds
{
    public static string Prefix(NodeKind kind) => kind switch
    {
        NodeKind.Firm => "firm",
        NodeKind.Park => "park",
        NodeKind.Province => "province",
        NodeKind.Region => "region",
        NodeKind.Corridor => "corridor",
        NodeKind.Sector => "sector",
        NodeKind.Alliance => "alliance",
        NodeKind.Source => "source",
        NodeKind.Product => "product",
        NodeKind.Process => "process",
        NodeKind.CertificationStandard => "standard",
        NodeKind.SourcingRequest => "request",
        NodeKind.Ward => "ward",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string Make(NodeKind kind, string local) => $"{Prefix(kind)}:{local}";

    /// <summary>An id as given when it has the kind's prefix, else the id made from it ("dai-viet" is "firm:dai-viet").</summary>
    public static string Prefixed(NodeKind kind, string value) =>
        value.StartsWith(Prefix(kind) + ":", StringComparison.Ordinal) ? value : Make(kind, value);

    public static string Local(string id)
    {
        var colon = id.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? id : id[(colon + 1)..];
    }

    /// <summary>The kind an id names, or null when its prefix is unknown.</summary>
    public static NodeKind? KindOf(string id)
    {
        var colon = id.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }
        // Span comparison: this runs for every reference of every item of a change set, so it must not allocate.
        var prefix = id.AsSpan(0, colon);
        return prefix switch
        {
            "firm" => NodeKind.Firm,
            "park" => NodeKind.Park,
            "province" => NodeKind.Province,
            "region" => NodeKind.Region,
            "corridor" => NodeKind.Corridor,
            "sector" => NodeKind.Sector,
            "alliance" => NodeKind.Alliance,
            "source" => NodeKind.Source,
            "product" => NodeKind.Product,
            "process" => NodeKind.Process,
            "standard" => NodeKind.CertificationStandard,
            "request" => NodeKind.SourcingRequest,
            "ward" => NodeKind.Ward,
            _ => null,
        };
    }

    /// <summary>
    /// An id is valid when its prefix names a kind and its local part is 1-200 characters of ASCII letters (sector sections are upper-case),
    /// digits, '.', '_', '-' or ':' (sector classifications), starting with a letter or digit.
    /// </summary>
    public static bool IsValid(string? id, out string error)
    {
        error = "";
        if (string.IsNullOrEmpty(id))
        {
            error = "id is empty";
            return false;
        }
        if (KindOf(id) is null)
        {
            error = $"id '{id}' does not start with a known kind (firm:, park:, province:, region:, corridor:, sector:, alliance:, source:, product:, process:, standard:, request:)";
            return false;
        }
        var local = Local(id);
        if (local.Length is 0 or > 200 || !char.IsAsciiLetterOrDigit(local[0]))
        {
            error = $"id '{id}' must have 1-200 characters after its kind, starting with a letter or digit";
            return false;
        }
        foreach (var c in local)
        {
            if (!(char.IsAsciiLetter(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-' or ':'))
            {
                error = $"id '{id}' contains '{c}'; use ASCII letters, digits, '.', '_', '-' or ':'";
                return false;
            }
        }
        return true;
    }
}
