using System.Globalization;
using System.Text;

namespace Ecosystem.Graph.Rules;

/// <summary>Folding of Vietnamese text into search keys and identifiers.</summary>
public static class VietnameseText
{
    /// <summary>
    /// Lower-cases, removes every diacritic and folds đ/Đ to d, collapses whitespace and punctuation to single spaces:
    /// "Đắk Lắk" becomes "dak lak", "Khu công nghiệp Đình Vũ" becomes "khu cong nghiep dinh vu".
    /// </summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var ch in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(ch);
            // Marks go with their letter, and invisible format characters (U+200B, joiners, direction marks) are not
            // there at all: "Vin\u200bfast" folds to "vinfast".
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.Format)
            {
                continue;
            }
            var c = ch switch
            {
                'đ' or 'Đ' or 'ð' or 'Ð' => 'd',
                _ => char.ToLowerInvariant(ch),
            };
            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && sb.Length > 0)
                {
                    sb.Append(' ');
                }
                pendingSpace = false;
                sb.Append(c);
            }
            else
            {
                pendingSpace = true;
            }
        }
        return sb.ToString();
    }

    /// <summary>The folded words of a text, for token indexes.</summary>
    public static string[] Tokens(string? text) =>
        Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A folded, dash-separated slug usable inside an id: "Yên Mỹ II" becomes "yen-my-ii".</summary>
    public static string Slug(string? text) => Fold(text).Replace(' ', '-');
}
