namespace Ecosystem.Graph.Rules;

/// <summary>The identifier schemes a firm may carry besides its tax code.</summary>
public enum IdentifierScheme
{
    /// <summary>Open Supply Hub facility id: country code, day of creation (year and day of year), five base-32 characters, a check character.</summary>
    OpenSupplyHub = 1,

    /// <summary>Legal Entity Identifier (ISO 17442): 18 characters and two check digits, ISO 7064 MOD 97-10.</summary>
    Lei,

    /// <summary>GS1 Global Location Number: 13 digits, the last a GS1 check digit.</summary>
    Gln,

    /// <summary>Enterprise registration number (mã số doanh nghiệp): the enterprise's 10-digit tax code.</summary>
    EnterpriseRegistration,

    /// <summary>Customs code: the declarant's tax code (10 digits, or 13 for a branch), as Vietnamese customs uses it.</summary>
    Customs,
}

/// <summary>Each scheme's rule: the value written canonically, or why it is not one.</summary>
public static class Identifiers
{
    // Crockford's base 32 (no I, L, O, U), in which Open Supply Hub writes its ids and their check character.
    private const string Base32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private static readonly System.Buffers.SearchValues<char> Base32Chars = System.Buffers.SearchValues.Create(Base32);

    private static readonly System.Buffers.SearchValues<char> LeiChars = System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");

    /// <summary>The short name of a scheme in keys, files and Cypher: OSH, LEI, GLN, ERN, CUSTOMS.</summary>
    public static string Token(IdentifierScheme scheme) => scheme switch
    {
        IdentifierScheme.OpenSupplyHub => "OSH",
        IdentifierScheme.Lei => "LEI",
        IdentifierScheme.Gln => "GLN",
        IdentifierScheme.EnterpriseRegistration => "ERN",
        IdentifierScheme.Customs => "CUSTOMS",
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "unknown identifier scheme"),
    };

    /// <summary>The key an index holds a canonical identifier by: "LEI:5493001KJTIIGC8Y1R12".</summary>
    public static string Key(IdentifierScheme scheme, string canonical) => $"{Token(scheme)}:{canonical}";

    /// <summary>Schemes a firm holds one value of at most (a legal entity has one LEI and one registration number).</summary>
    public static bool OnePerFirm(IdentifierScheme scheme) => scheme is IdentifierScheme.Lei or IdentifierScheme.EnterpriseRegistration;

    /// <summary>Schemes of Vietnamese registers, which a firm abroad cannot hold.</summary>
    public static bool Vietnamese(IdentifierScheme scheme) => scheme is IdentifierScheme.EnterpriseRegistration or IdentifierScheme.Customs;

    /// <summary>
    /// Two firms' identifiers as one firm's: the first's, then those of the second it does not have. Of a scheme a firm
    /// holds once (LEI, registration number) the first's stays when it has one; with <paramref name="taxCode"/>, a
    /// registration number that is not that tax code's is left out too. Null when there are none.
    /// </summary>
    public static List<Model.FirmIdentifier>? Union(IReadOnlyList<Model.FirmIdentifier>? kept, IReadOnlyList<Model.FirmIdentifier>? added, string? taxCode = null)
    {
        var first = kept ?? [];
        var union = first.Concat((added ?? []).Where(a =>
            first.All(k => k.Key != a.Key)
            && !(OnePerFirm(a.Scheme) && first.Any(k => k.Scheme == a.Scheme))
            && !(a.Scheme == IdentifierScheme.EnterpriseRegistration && taxCode is not null && !taxCode.StartsWith(a.Value, StringComparison.Ordinal)))).ToList();
        return union.Count == 0 ? null : union;
    }

    /// <summary>The canonical value (upper case, spaces and dashes taken out where the scheme has none) or the reason it is not valid.</summary>
    public static bool TryNormalize(IdentifierScheme scheme, string? value, out string canonical, out string error)
    {
        canonical = "";
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "the identifier is empty";
            return false;
        }
        var compact = new string([.. value.Where(c => !char.IsWhiteSpace(c) && c != '-')]).ToUpperInvariant();
        switch (scheme)
        {
            case IdentifierScheme.OpenSupplyHub:
                error = OpenSupplyHubProblem(compact) ?? "";
                break;
            case IdentifierScheme.Lei:
                error = LeiProblem(compact) ?? "";
                break;
            case IdentifierScheme.Gln:
                error = GlnProblem(compact) ?? "";
                break;
            case IdentifierScheme.EnterpriseRegistration:
                if (!TaxCode.TryNormalize(value, out compact, out error))
                {
                    error = $"an enterprise registration number is a 10-digit tax code: {error}";
                }
                else if (compact.Length != 10)
                {
                    error = $"an enterprise registration number is a 10-digit tax code, not a branch's ({compact})";
                }
                break;
            case IdentifierScheme.Customs:
                if (!TaxCode.TryNormalize(value, out compact, out error))
                {
                    error = $"a customs code is the declarant's tax code: {error}";
                }
                break;
            default:
                error = $"unknown scheme {scheme}";
                break;
        }
        if (error.Length > 0)
        {
            return false;
        }
        canonical = compact;
        return true;
    }

    private static string? OpenSupplyHubProblem(string id)
    {
        if (id.Length != 15)
        {
            return $"an Open Supply Hub id has 15 characters (country, 7 digits, 5 base-32 characters, a check character), not {id.Length}";
        }
        if (!char.IsAsciiLetterUpper(id[0]) || !char.IsAsciiLetterUpper(id[1]) || id.AsSpan(2, 7).ContainsAnyExceptInRange('0', '9'))
        {
            return $"an Open Supply Hub id starts with a country code and 7 digits: '{id}'";
        }
        if (id.AsSpan(9).ContainsAnyExcept(Base32Chars))
        {
            return $"an Open Supply Hub id ends in base-32 characters (no I, L, O or U): '{id}'";
        }
        return OpenSupplyHubCheck(id.AsSpan(0, 14)) == id[14] ? null : $"the check character of Open Supply Hub id '{id}' is wrong";
    }

    /// <summary>The check character of the first 14 characters of an Open Supply Hub id.</summary>
    public static char OpenSupplyHubCheck(ReadOnlySpan<char> first14)
    {
        var sum = first14[0] + first14[1];
        foreach (var c in first14[2..])
        {
            sum += Base32.IndexOf(c, StringComparison.Ordinal);
        }
        return Base32[sum % 32];
    }

    private static string? LeiProblem(string lei)
    {
        if (lei.Length != 20 || lei.AsSpan(0, 18).ContainsAnyExcept(LeiChars) || lei.AsSpan(18).ContainsAnyExceptInRange('0', '9'))
        {
            return $"an LEI has 18 letters or digits and 2 check digits: '{lei}'";
        }
        return Mod97(lei) == 1 ? null : $"the check digits of LEI '{lei}' are wrong (ISO 7064 MOD 97-10)";
    }

    /// <summary>The value mod 97 of letters and digits read as a number, each letter as two digits (A = 10 ... Z = 35).</summary>
    public static int Mod97(ReadOnlySpan<char> text)
    {
        var remainder = 0;
        foreach (var c in text)
        {
            var v = c <= '9' ? c - '0' : c - 'A' + 10;
            remainder = v >= 10 ? ((remainder * 100) + v) % 97 : ((remainder * 10) + v) % 97;
        }
        return remainder;
    }

    private static string? GlnProblem(string gln)
    {
        if (gln.Length != 13 || gln.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return $"a GLN has 13 digits: '{gln}'";
        }
        return GlnCheck(gln.AsSpan(0, 12)) == gln[12] ? null : $"the check digit of GLN '{gln}' is wrong";
    }

    /// <summary>The GS1 check digit of the first 12 digits: weights 3 and 1 from the right.</summary>
    public static char GlnCheck(ReadOnlySpan<char> first12)
    {
        var sum = 0;
        for (var i = 0; i < first12.Length; i++)
        {
            sum += (first12[first12.Length - 1 - i] - '0') * (i % 2 == 0 ? 3 : 1);
        }
        return (char)('0' + ((10 - (sum % 10)) % 10));
    }
}
