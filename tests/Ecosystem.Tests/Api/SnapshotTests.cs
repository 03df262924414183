using Newtonsoft.Json.Linq;
using Snapshooter;
using Snapshooter.Xunit;

namespace Ecosystem.Tests.Api;

/// <summary>
/// The JSON of key queries, one per kind of question, covering every type of the schema. The snapshots under
/// __snapshots__ are reviewed by hand: a change to one is a change of what clients receive.
/// </summary>
public sealed class SnapshotTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    public static TheoryData<string> Names => [.. Queries.Keys];

    private static readonly Dictionary<string, string> Queries = new()
    {
        ["firm_from_an_article"] = """
            {
              firm(id: "firm:dtj") {
                id name taxCode ownership country originCountry size roles location { lat lng } note
                province { name } park { name } sectors { code }
                alliances { id name acronym }
                sources { id title publisher url date synthetic sourceType }
                suppliers(first: 5) { totalCount }
                customers(first: 5) { totalCount }
              }
            }
            """,
        ["synthetic_lead_firm_with_suppliers"] = """
            {
              firms(first: 1, where: { role: [LEAD_FIRM], ownership: [FDI] }) {
                totalCount
                nodes {
                  id name ownership country originCountry size roles
                  province { code name isCurrent current { name } }
                  park { name kind }
                  sectors { code name level }
                  sources { title synthetic }
                  suppliers(first: 3) {
                    totalCount
                    pageInfo { hasNextPage hasPreviousPage }
                    edges {
                      node {
                        id product valueUsd since until confidence
                        sector { code name }
                        supplier { id name country roles }
                        buyer { id }
                        sources { id synthetic }
                      }
                    }
                  }
                  customers(first: 2) { totalCount }
                }
              }
            }
            """,
        ["park_with_citations"] = """
            {
              park(id: "park:kcn-dinh-vu-hai-phong") {
                id name nameEn kind status totalAreaHa industrialAreaHa leasedAreaHa occupancyPercent availableAreaHa
                establishedYear ecoIndustrial dataDate location { lat lng } developer developerFirm { name }
                province { code name isCurrent current { name } }
                prioritySectors { phrase sector { code name } sources { id } }
                citations { field note source { id title } }
                sources { id title }
                firms(first: 3) { totalCount nodes { name } }
              }
            }
            """,
        ["largest_parks_and_high_tech_parks"] = """
            {
              largest: parks(first: 5, orderBy: [{ field: TOTAL_AREA_HA, direction: DESC }]) {
                totalCount
                pageInfo { hasNextPage hasPreviousPage }
                nodes { name kind totalAreaHa province { name } }
              }
              highTech: parks(where: { kind: [HIGH_TECH_PARK] }) { totalCount nodes { name status province { name current { name } } } }
            }
            """,
        ["parks_with_land_and_parks_prioritising_electronics"] = """
            {
              land: parks(first: 3, where: { minAvailableAreaHa: 0 }, orderBy: [{ field: AVAILABLE_AREA_HA, direction: DESC }]) {
                totalCount
                nodes { name kind industrialAreaHa leasedAreaHa occupancyPercent availableAreaHa dataDate citations { field source { id } } }
              }
              electronics: parks(where: { prioritySector: "26" }) { totalCount nodes { name province { name } } }
            }
            """,
        ["former_province_with_figures"] = """
            {
              province(name: "Hải Dương") {
                id code name fullName nameEn unitType isCurrent validFrom validTo mergerRelation areaKm2
                region { code name nameEn }
                successor { id code name isCurrent validFrom predecessors { code name } }
                current { name }
                figures { metric value unit asOf note source { title publisher date } }
                parks(first: 2) { totalCount nodes { name } }
                sources { title }
              }
            }
            """,
        ["code_24_across_the_merger"] = """
            {
              before: province(code: "24", asOf: "2025-06-30") { id name isCurrent successor { id name } }
              after: province(code: "24") { id name isCurrent validFrom predecessors { id name code } }
              regions { code name nameEn }
            }
            """,
        ["sector_tree_and_input_output"] = """
            {
              sector(code: "261") {
                id code name nameEn classification level supportingIndustry
                parent { code name parent { code } }
                children { code name level }
                feeds { coefficient sector { code } sources { id } }
                fedBy { coefficient sector { code name } }
              }
              isic: sector(code: "ISIC4:2610") { id code name classification level parent { code } }
              sections: sectors(level: SECTION) { code name }
            }
            """,
        ["alliances_and_corridors"] = """
            {
              alliances {
                totalCount
                nodes { id name nameEn acronym founded scope description firms(first: 3) { totalCount nodes { name } } sources { title url } }
              }
              corridors { nodes { id name nameEn description provinces { code name isCurrent } sources { title } } }
            }
            """,
        ["sources_real_and_synthetic"] = """
            {
              synthetic: sources(synthetic: true) { totalCount nodes { id title publisher synthetic sourceType licence note } }
              articles: sources(first: 5, synthetic: false) { totalCount nodes { id title publisher url date sourceType } }
            }
            """,
        ["search_folded"] = """
            {
              haiDuong: search(text: "hai duong", first: 5) { name kind score node { __typename id } }
              dongNai: search(text: "dong nai", kinds: [PROVINCE, PARK], first: 3) { name kind score node { id ... on Province { isCurrent } } }
            }
            """,
        ["errors_with_codes"] = """
            {
              badTaxCode: firm(taxCode: "0100233480") { name }
              unknownProvince: firms(where: { province: "Atlantis" }) { totalCount }
              badCursor: parks(after: "not-a-cursor") { totalCount }
              region: province(code: "01") { name }
            }
            """,
    };

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Query_answers_match_their_reviewed_snapshot(string name)
    {
        var result = await api.QueryAsync(Queries[name]);
        if (name != "errors_with_codes")
        {
            Assert.True(result["errors"] is null, $"unexpected errors: {result["errors"]}");
        }
        Snapshot.Match(JToken.Parse(result.ToJsonString()), new SnapshotNameExtension(name));
    }
}
