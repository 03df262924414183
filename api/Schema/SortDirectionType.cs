namespace Ecosystem.Api.Schema;

public enum SortDirection
{
    Asc = 1,
    Desc,
}

public sealed class SortDirectionType() : DescribedEnumType<SortDirection>("SortDirection", "Ascending or descending order.", new Dictionary<SortDirection, string>
{
    [SortDirection.Asc] = "Smallest first (A to Z); unknown values last.",
    [SortDirection.Desc] = "Largest first (Z to A); unknown values last.",
});
