using System.Text;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Tests.Rules;

public sealed class VietnameseTextTests
{
    [Theory]
    [InlineData("Đắk Lắk", "dak lak")]
    [InlineData("Khu công nghiệp Đình Vũ", "khu cong nghiep dinh vu")]
    [InlineData("HẢI DƯƠNG", "hai duong")]
    [InlineData("Bà Rịa - Vũng Tàu", "ba ria vung tau")]
    [InlineData("  Thừa   Thiên–Huế ", "thua thien hue")]
    [InlineData("Liên minh Công nghiệp G20", "lien minh cong nghiep g20")]
    [InlineData("", "")]
    public void Fold_removes_diacritics_and_folds_d(string input, string folded) =>
        Assert.Equal(folded, VietnameseText.Fold(input));

    [Fact]
    public void Fold_is_the_same_for_composed_and_decomposed_input()
    {
        var composed = "Hòa Lạc".Normalize(NormalizationForm.FormC);
        var decomposed = "Hòa Lạc".Normalize(NormalizationForm.FormD);
        Assert.NotEqual(composed, decomposed);
        Assert.Equal(VietnameseText.Fold(composed), VietnameseText.Fold(decomposed));
        Assert.Equal("hoa lac", VietnameseText.Fold(decomposed));
    }

    [Fact]
    public void Slug_joins_folded_words_with_dashes() =>
        Assert.Equal("yen-my-ii", VietnameseText.Slug("Yên Mỹ II"));
}
