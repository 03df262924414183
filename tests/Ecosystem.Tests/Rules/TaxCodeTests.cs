using Ecosystem.Graph.Rules;

namespace Ecosystem.Tests.Rules;

public sealed class TaxCodeTests
{
    [Theory]
    [InlineData("0100233488", "0100233488")]          // Vietnam Airlines' published MST; check digit 8
    [InlineData("0314409058-002", "0314409058-002")]  // a branch: parent code + 3 digits
    [InlineData("0314409058002", "0314409058-002")]
    [InlineData(" 0100 233 488 ", "0100233488")]
    [InlineData("0100.233.488", "0100233488")]
    [InlineData("0314409058 - 002", "0314409058-002")]
    public void Valid_codes_normalise_to_their_canonical_form(string input, string canonical)
    {
        Assert.True(TaxCode.TryNormalize(input, out var result, out var error), error);
        Assert.Equal(canonical, result);
    }

    [Fact]
    public void Check_digit_follows_the_weights()
    {
        // 0*31 + 1*29 + 0*23 + 0*19 + 2*17 + 3*13 + 3*7 + 4*5 + 8*3 = 167; 167 mod 11 = 2; 10 - 2 = 8.
        Assert.Equal(8, TaxCode.CheckDigit("010023348"));
    }

    [Theory]
    [InlineData("0100233480", "check digit")]
    [InlineData("0314409059-002", "check digit")]
    [InlineData("0000000000", "check value of 10")]   // sum 0, 10 - 0 = 10: never valid
    [InlineData("010023348", "9 digits")]
    [InlineData("01002334881", "11 digits")]
    [InlineData("01002334A8", "contains 'A'")]
    [InlineData("", "empty")]
    public void Invalid_codes_are_refused_with_the_reason(string input, string reason)
    {
        Assert.False(TaxCode.TryNormalize(input, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => TaxCode.Normalize(input));
    }
}
