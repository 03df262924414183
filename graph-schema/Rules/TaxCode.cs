namespace Ecosystem.Graph.Rules;

/// <summary>
/// Vietnamese tax codes (mã số thuế, MST): 10 digits whose tenth is a check digit over the first nine,
/// or 13 digits for a dependent unit (branch) written as the parent's ten digits, a dash and three digits.
/// </summary>
public static class TaxCode
{
    private static readonly int[] Weights = [31, 29, 23, 19, 17, 13, 7, 5, 3];

    /// <summary>Parses a tax code written with optional spaces, dots or dashes; returns the canonical form.</summary>
    /// <returns><c>0100233488</c> or <c>0314409058-002</c>; throws <see cref="FormatException"/> with the reason otherwise.</returns>
    public static string Normalize(string input)
    {
        if (TryNormalize(input, out var canonical, out var error))
        {
            return canonical;
        }
        throw new FormatException(error);
    }

    public static bool TryNormalize(string? input, out string canonical, out string error)
    {
        canonical = "";
        if (string.IsNullOrWhiteSpace(input))
        {
            error = "tax code is empty";
            return false;
        }
        Span<char> digits = stackalloc char[13];
        var count = 0;
        foreach (var c in input)
        {
            if (c is >= '0' and <= '9')
            {
                if (count == 13)
                {
                    error = $"tax code '{input}' has more than 13 digits";
                    return false;
                }
                digits[count++] = c;
            }
            else if (c is not (' ' or '-' or '.' or '_' or '/'))
            {
                error = $"tax code '{input}' contains '{c}'; only digits and separators are allowed";
                return false;
            }
        }
        if (count != 10 && count != 13)
        {
            error = $"tax code '{input}' has {count} digits; expected 10, or 13 for a branch";
            return false;
        }
        var check = CheckDigit(digits[..9]);
        if (check is null)
        {
            error = $"tax code '{input}' is invalid: its first nine digits give a check value of 10, which no valid code has";
            return false;
        }
        if (digits[9] - '0' != check)
        {
            error = $"tax code '{input}' fails its check digit (expected {check}, found {digits[9]})";
            return false;
        }
        if (count == 13 && digits[10] == '0' && digits[11] == '0' && digits[12] == '0')
        {
            error = $"tax code '{input}' has branch number 000; a branch is numbered 001 to 999";
            return false;
        }
        canonical = count == 10 ? new string(digits[..10]) : $"{new string(digits[..10])}-{new string(digits[10..13])}";
        error = "";
        return true;
    }

    public static bool IsValid(string? input) => TryNormalize(input, out _, out _);

    /// <summary>The check digit for nine leading digits, or null when the rule yields 10 (never valid).</summary>
    public static int? CheckDigit(ReadOnlySpan<char> nineDigits)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (nineDigits[i] - '0') * Weights[i];
        }
        var check = 10 - (sum % 11);
        return check == 10 ? null : check;
    }
}
