using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Store;

/// <summary>How every store scores and orders search hits over folded names, so that both answer alike.</summary>
public static class SearchRanking
{
    /// <summary>Best score first, then the shorter name, then id.</summary>
    public static int HitOrder(SearchHit a, SearchHit b)
    {
        var c = b.Score.CompareTo(a.Score);
        if (c == 0)
        {
            c = a.Name.Length.CompareTo(b.Name.Length);
        }
        return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
    }

    /// <summary>1 for an exact name, 0.9 for a name that starts with the query, less for names with more other words.</summary>
    public static double Score(string folded, string query, int queryWords)
    {
        if (folded == query)
        {
            return 1.0;
        }
        var nameWords = 1 + folded.Count(c => c == ' ');
        var coverage = Math.Min(1.0, (double)queryWords / nameWords);
        var bonus = folded.StartsWith(query, StringComparison.Ordinal) ? 0.3
            : folded.EndsWith(query, StringComparison.Ordinal) ? 0.25
            : folded.Contains(query, StringComparison.Ordinal) ? 0.2 : 0.0;
        return Math.Round(0.5 * coverage + bonus + 0.1, 4);
    }

    /// <summary>What else a node is found by besides its name: codes, tax codes, English names, acronyms.</summary>
    public static IEnumerable<string?> ExtraTerms(Node node) => node switch
    {
        Firm f => [f.TaxCode?.Replace("-", "", StringComparison.Ordinal)],
        Sector s => [s.Code, s.NameEn],
        Province p => [p.FullName, p.NameEn, p.Code],
        Ward w => [w.FullName, w.NameEn, w.Code],
        Park p => [p.NameEn],
        Alliance a => [a.Acronym, a.NameEn],
        Region r => [r.NameEn],
        Corridor c => [c.NameEn],
        Product pd => [pd.Code, .. pd.Listings.SelectMany(l => new[] { l.Item, l.ItemEn })],
        Process pr => [pr.Code.Replace('-', ' '), pr.NameEn],
        CertificationStandard cs => [cs.Code, cs.NameEn],
        _ => [],
    };
}
