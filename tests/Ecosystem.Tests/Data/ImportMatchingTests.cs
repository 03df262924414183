using Ecosystem.Graph.Data;
using Ecosystem.Graph.Data.Import;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;
using Ecosystem.Tests.Support;

namespace Ecosystem.Tests.Data;

/// <summary>
/// Imports that match their rows to the graph's firms: sure matches update the firm they name (cited to the new source,
/// lists joined, the graph's name and tax code kept), rows nothing comes near become new firms, the others are held
/// back to the review file with nothing of them written; links name firms by name and province; an Open Supply Hub
/// download is read for its facilities in Vietnam.
/// </summary>
public sealed class ImportMatchingTests : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private readonly TempDirectory _dir = new();
    private EmbeddedGraphStore? _store;

    private EmbeddedGraphStore Store => _store ?? throw new InvalidOperationException("opened in InitializeAsync");

    private const string Sources = """
        id,title,publisher,url,date
        survey-2026,Supplier survey 2026 (test),Test institute,https://example.org/survey,2026-03-01
        """;

    private static Firm Base(string id, string name, string province, string? tax = null, string sector = "sector:25") => new()
    {
        Id = id, Name = name, Country = "VN", ProvinceId = province, TaxCode = tax, SectorIds = [sector], Roles = [FirmRole.SupportingIndustry],
        Sources = ["source:base"], Address = "Lô B2, KCN Đình Vũ",
    };

    public async Task InitializeAsync()
    {
        _store = await EmbeddedGraphStore.OpenAsync(_dir.Path);
        await _store.ApplyAsync(ReferenceData.Load());
        await _store.ApplyAsync(new ChangeSet
        {
            UpsertNodes =
            [
                new Source { Id = "source:base", Name = "Base list (test)" },
                Base("firm:dai-viet", "Công ty TNHH Cơ khí Đại Việt", "province:31-hai-phong", "0314409058"),
                Base("firm:minh-anh", "Công ty Cổ phần Nhựa Minh Anh", "province:24-bac-ninh", sector: "sector:22"),
                Base("firm:minh-an", "Công ty TNHH Nhựa Minh An", "province:24-bac-ninh", sector: "sector:22"),
                Base("firm:hoang-long", "Công ty TNHH Điện tử Hoàng Long", "province:24-bac-ninh", sector: "sector:26"),
            ],
        });
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        _dir.Dispose();
    }

    private Task<ImportReport> ImportAsync(string firms, string? links = null, bool dryRun = false, ImportOptions? options = null) =>
        new SupplyImporter(Store).ImportAsync(
            new ImportFiles(new StringReader(firms), "survey.csv", links is null ? null : new StringReader(links), "links.csv", new StringReader(Sources))
            {
                Options = options ?? new ImportOptions { Match = true },
            },
            dryRun, Today);

    private async Task<Firm?> FirmAsync(string id) => (await Store.GetNodesAsync([id]))[0] as Firm;

    [Fact]
    public async Task Sure_matches_update_their_firm_new_names_make_firms_and_unsure_rows_are_held_back_unwritten()
    {
        // English name, old province name, no diacritics; a new firm; a name between two firms; a branch tax code.
        var firms = """
            name,province,sectors,roles,address,source
            DAI VIET MECHANICAL CO. LTD,Hai Duong,2592,LEAD_FIRM,,survey-2026
            Công ty TNHH Khuôn mẫu Sao Băng Mới,Bắc Ninh,22,,Lô C1 KCN Quế Võ,survey-2026
            Nhựa Minh A,Bắc Ninh,,,,survey-2026
            """;
        var before = await Store.GetVersionAsync();
        var dry = await ImportAsync(firms, dryRun: true);
        Assert.Empty(dry.Errors);
        Assert.Equal(before, await Store.GetVersionAsync());
        var match = Assert.IsType<MatchSummary>(dry.Match);
        Assert.Equal((1, 1, 1), (match.Matched, match.Created, match.Held));
        Assert.Equal([MatchOutcome.Matched, MatchOutcome.New, MatchOutcome.Held], match.Decisions.Select(d => d.Outcome));
        Assert.Equal([2, 3, 4], match.Decisions.Select(d => d.Line));

        var report = await ImportAsync(firms);
        Assert.Empty(report.Errors);
        Assert.True(report.Written);
        Assert.Equal((1, 1, 1), (report.Match!.Matched, report.Match.Created, report.Match.Held));

        // The matched firm keeps its name and tax code; sectors and roles are added to, the survey is cited beside its source.
        var daiViet = await FirmAsync("firm:dai-viet");
        Assert.NotNull(daiViet);
        Assert.Equal(("Công ty TNHH Cơ khí Đại Việt", "0314409058"), (daiViet.Name, daiViet.TaxCode));
        Assert.Equal(["sector:25", "sector:2592"], daiViet.SectorIds);
        Assert.Equal([FirmRole.SupportingIndustry, FirmRole.LeadFirm], daiViet.Roles);
        Assert.Equal(["source:base", "source:survey-2026"], daiViet.Sources);
        // Hải Dương before the merger is part of Hải Phòng: the same place, kept as the firm had it.
        Assert.Equal("province:31-hai-phong", daiViet.ProvinceId);

        var created = await FirmAsync("firm:cong-ty-tnhh-khuon-mau-sao-bang-moi");
        Assert.NotNull(created);
        Assert.Equal(("VN", "province:24-bac-ninh", "Lô C1 KCN Quế Võ"), (created.Country, created.ProvinceId, created.Address));

        // The row between two firms: held, with both as candidates; nothing of it written.
        var held = Assert.Single(report.Match.Review);
        Assert.Equal(("survey.csv", 4, "Nhựa Minh A"), (held.File, held.Line, held.Name));
        Assert.Contains("firm:minh-anh", held.Candidates.Select(c => c.FirmId));
        Assert.Contains("firm:minh-an", held.Candidates.Select(c => c.FirmId));
        Assert.Equal(["source:base"], (await FirmAsync("firm:minh-anh"))!.Sources);
        Assert.Equal(["source:base"], (await FirmAsync("firm:minh-an"))!.Sources);

        // Again: every row now meets its firm, and nothing changes.
        var again = await ImportAsync(firms);
        Assert.Empty(again.Errors);
        Assert.False(again.Written);
        Assert.Equal((2, 0, 1), (again.Match!.Matched, again.Match.Created, again.Match.Held));
    }

    [Fact]
    public async Task A_branch_tax_code_matches_its_parent_as_a_branch_and_the_parent_keeps_its_code()
    {
        var report = await ImportAsync("""
            name,tax_code,source
            Chi nhánh Cơ khí Đại Việt tại Hải Phòng,0314409058-002,survey-2026
            """);
        Assert.Empty(report.Errors);
        var decision = Assert.Single(report.Match!.Decisions);
        Assert.Equal((MatchOutcome.Matched, "firm:dai-viet"), (decision.Outcome, decision.FirmId));
        Assert.Contains("is a branch of this firm's 0314409058", decision.Evidence, StringComparison.Ordinal);
        Assert.Equal("0314409058", (await FirmAsync("firm:dai-viet"))!.TaxCode);
    }

    [Fact]
    public async Task Links_name_their_firms_by_name_and_province_and_a_link_to_no_firm_is_held()
    {
        var firms = """
            name,province,sectors,source
            Công ty TNHH Bao bì Thành Công Zeta,Hải Phòng,17,survey-2026
            """;
        var links = """
            supplier,buyer,sector,product,value_usd,since,until,confidence,source,supplier_province,buyer_province
            Công ty TNHH Bao bì Thành Công Zeta,Hoang Long Electronics,17,hộp carton,,,,0.9,survey-2026,Hai Phong,Bac Ninh
            Công ty TNHH Bao bì Thành Công Zeta,firm:dai-viet,17,,,,,,survey-2026,,
            Không Ai Có Tên Này Quux,firm:dai-viet,17,,,,,,survey-2026,,
            """;
        var report = await ImportAsync(firms, links);
        Assert.Empty(report.Errors);
        Assert.Equal((1, 2), (report.Match!.Created, report.Match.LinksMatched));
        var heldLink = Assert.Single(report.Match.Review);
        Assert.Equal(("links.csv", 4), (heldLink.File, heldLink.Line));
        Assert.StartsWith("supplier:", heldLink.Evidence, StringComparison.Ordinal);
        var written = (await Store.GetSupplyLinksAsync(["firm:cong-ty-tnhh-bao-bi-thanh-cong-zeta"], Direction.Out))[0];
        Assert.Equal(["firm:dai-viet", "firm:hoang-long"], written.Select(l => l.BuyerId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_review_file_lists_each_held_row_with_its_score_candidates_and_evidence()
    {
        var report = await ImportAsync("""
            name,province,source
            "Nhựa Minh A, Bắc Ninh",Bắc Ninh,survey-2026
            """);
        var writer = new StringWriter();
        await report.Match!.WriteReviewAsync(writer);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("file,row,name,score,candidate_ids,candidate_names,evidence", lines[0]);
        var row = Csv.Read(new StringReader(writer.ToString()), "review.csv").Single();
        Assert.Equal(("survey.csv", "2", "Nhựa Minh A, Bắc Ninh"), (row["file"], row["row"], row["name"]));
        var held = Assert.Single(report.Match.Review);
        Assert.Equal(Math.Round(held.Score!.Value * 100, 1).ToString(System.Globalization.CultureInfo.InvariantCulture), row["score"]);
        Assert.Equal(string.Join(';', held.Candidates.Select(c => c.FirmId)), row["candidate_ids"]);
        Assert.Contains("names", row["evidence"], StringComparison.Ordinal);
        // Only the sources file was written: no firm.
        Assert.Equal(0, report.Firms);
        Assert.Equal(["source:base"], (await FirmAsync("firm:minh-anh"))!.Sources);
    }

    [Fact]
    public async Task Identifier_columns_are_imported_and_a_later_list_with_the_same_identifier_matches_by_it()
    {
        var osh = "VN20231457QK2M" + Identifiers.OpenSupplyHubCheck("VN20231457QK2M");
        var first = await ImportAsync($"""
            id,name,tax_code,ownership,country,province,park,sectors,roles,lat,lng,source,osh_id,lei
            firm:dai-viet,Công ty TNHH Cơ khí Đại Việt,0314409058,,VN,Hải Phòng,,25,,,,survey-2026,{osh.ToLowerInvariant()},5493001KJTIIGC8Y1R12
            """, options: new ImportOptions());
        Assert.Empty(first.Errors);
        var firm = await FirmAsync("firm:dai-viet");
        Assert.Equal([$"OSH:{osh}", "LEI:5493001KJTIIGC8Y1R12"], firm!.Identifiers!.Select(i => i.Key));

        // A name nothing like it, but the same facility id: a match, said so.
        var second = await ImportAsync($"""
            name,osh_id,source
            Đại Việt Steel Works,{osh},survey-2026
            """);
        var decision = Assert.Single(second.Match!.Decisions);
        Assert.Equal((MatchOutcome.Matched, "firm:dai-viet"), (decision.Outcome, decision.FirmId));
        Assert.Contains($"the same OSH:{osh}", decision.Evidence, StringComparison.Ordinal);

        // A bad check digit is refused with its line and column, and nothing is written.
        var before = await Store.GetVersionAsync();
        var bad = await ImportAsync("""
            name,lei,source
            Công ty Sai Mã,5493001KJTIIGC8Y1R13,survey-2026
            """);
        var error = Assert.Single(bad.Errors);
        Assert.Equal(("survey.csv", 2, "lei"), (error.File, error.Line, error.Column));
        Assert.Equal(before, await Store.GetVersionAsync());
    }

    [Fact]
    public async Task An_open_supply_hub_download_adds_its_facilities_in_vietnam_and_skips_the_others()
    {
        string Osh(string first14) => first14 + Identifiers.OpenSupplyHubCheck(first14);
        var download = $"""
            os_id,contribution_date,name,address,country_code,country_name,lat,lng,sector,contributor_name,contributor_type,number_of_workers,parent_company,processing_type,product_type
            {Osh("VN20240011ABCD")},2024-01-01,DAI VIET MECHANICAL COMPANY LIMITED,"Dinh Vu Industrial Zone, Hai An, Hai Phong",VN,Viet Nam,20.83,106.77,Metal Products,Test Buyer Group,Brand,250,,Stamping,Seat frames
            {Osh("VN20240011ABCE")},2024-01-01,SONG HONG GARMENT JSC,"105 Nguyen Duc Thuan, Nam Dinh Province",VN,Viet Nam,20.42,106.17,Apparel,Test Buyer Group|Test Union,Brand,1001-5000,Song Hong Holdings,Cut and sew,Jackets
            {Osh("CN20240011ABCF")},2024-01-01,Shenzhen Boards Ltd,"Bao'an, Shenzhen",CN,China,22.55,113.88,Electronics,Test Buyer Group,Brand,300,,,
            """;
        var report = await ImportAsync(download, options: new ImportOptions { FirmsFormat = FirmsFormat.OpenSupplyHub });
        Assert.Empty(report.Errors);
        Assert.Equal(1, report.Skipped);
        Assert.Equal((1, 1, 0), (report.Match!.Matched, report.Match.Created, report.Match.Held));

        var daiViet = await FirmAsync("firm:dai-viet");
        Assert.Contains($"OSH:{Osh("VN20240011ABCD")}", daiViet!.Identifiers!.Select(i => i.Key));
        Assert.Contains("source:osh-test-buyer-group", daiViet.Sources);
        Assert.Equal(250, daiViet.Employees);
        Assert.Contains("product type: Seat frames", daiViet.Note, StringComparison.Ordinal);

        var songHong = await FirmAsync("firm:song-hong-garment-jsc");
        Assert.NotNull(songHong);
        // "Nam Dinh Province" is the pre-2025 Nam Định; the workers' range and the parent company go to the note.
        Assert.Equal("province:36-nam-dinh-pre2025", songHong.ProvinceId);
        Assert.Null(songHong.Employees);
        Assert.Contains("workers: 1001-5000", songHong.Note, StringComparison.Ordinal);
        Assert.Contains("parent company: Song Hong Holdings", songHong.Note, StringComparison.Ordinal);
        Assert.Equal(["source:osh-test-buyer-group", "source:osh-test-union"], songHong.Sources);
        var source = (await Store.GetNodesAsync(["source:osh-test-union"]))[0] as Source;
        Assert.Equal("Open Supply Hub", source!.Publisher);
        Assert.Empty((await Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, Filter = new NodeFilter { NameContains = "Shenzhen" } })).Items);
    }
}
