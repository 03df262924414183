using System.Globalization;
using System.Text;

namespace Ecosystem.Graph.Rules;

/// <summary>
/// What text the graph stores. A value may not hold control characters (C0 and C1, DEL; free text may hold tabs and
/// line breaks), a half of a surrogate pair, or the noncharacters U+FFFE and U+FFFF: none of them means anything in a
/// name, and XML (GraphML) cannot carry most of them. A name must also show something once the invisible characters
/// (format characters such as U+200B or the direction overrides, and white space) are taken out.
/// </summary>
public static class TextRules
{
    /// <summary>Why a value may not be stored, or null when it may.</summary>
    public static string? Problem(string? text, bool multiline = false)
    {
        if (text is null)
        {
            return null;
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                return $"holds half of a surrogate pair (U+{(int)c:X4}) at position {i + 1}; it is not text";
            }
            if (char.IsControl(c) && !(multiline && c is '\t' or '\n' or '\r'))
            {
                return $"holds the control character U+{(int)c:X4} at position {i + 1}";
            }
            if (c is '\uFFFE' or '\uFFFF')
            {
                return $"holds the noncharacter U+{(int)c:X4} at position {i + 1}";
            }
        }
        return null;
    }

    /// <summary>Why a name may not be stored (the rules of <see cref="Problem"/>, and not blank once invisible characters are out), or null.</summary>
    public static string? NameProblem(string? name) =>
        IsBlank(name) ? "is empty (once invisible characters are removed)" : Problem(name);

    /// <summary>Whether a value shows nothing: empty, or only white space and invisible format characters (U+200B, U+202E, ...).</summary>
    public static bool IsBlank(string? text)
    {
        if (text is null)
        {
            return true;
        }
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && !IsInvisible(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A format character (zero-width spaces and joiners, direction marks and overrides, the BOM, the soft hyphen).</summary>
    public static bool IsInvisible(char c) => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    /// <summary>
    /// The value with every character <see cref="Problem"/> refuses replaced by U+FFFD, for writers of stored text
    /// (exports) that must never fail on a value stored before these rules held; the value itself when it is clean.
    /// </summary>
    public static string Printable(string text, bool multiline = true)
    {
        if (Problem(text, multiline) is null)
        {
            return text;
        }
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF' || (char.IsControl(c) && !(multiline && c is '\t' or '\n' or '\r')))
            {
                sb.Append('\uFFFD');
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
