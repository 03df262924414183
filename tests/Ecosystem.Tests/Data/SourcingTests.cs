using Ecosystem.Graph.Data.Import;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Tests.Data;

/// <summary>
/// Capabilities and sourcing requests imported from CSV, and an item matched by hand: every score below is worked out
/// from the rules of <see cref="SourcingScoring"/> (1 degree of latitude is 111.2 km; 15 x 100 / 211.2 = 7.1).
/// </summary>
public sealed class SourcingTests(ReferenceStoreFixture fixture) : IClassFixture<ReferenceStoreFixture>
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private const string Firms = """
        id,name,tax_code,ownership,country,province,park,sectors,roles,lat,lng,source,origin_country,size,employees,founded_year,revenue_usd,alliances
        b,Buyer Auto (test),,FDI,VN,Hải Phòng,,29,LEAD_FIRM,20.8,106.7,survey-2026,JP,LARGE,2500,2015,,
        o,Other Buyer (test),,FDI,VN,Hải Phòng,,29,LEAD_FIRM,20.8,106.7,survey-2026,KR,,,,,
        s1,Stamping One (test),,DOMESTIC_PRIVATE,VN,Hải Phòng,,29,SUPPORTING_INDUSTRY,20.8,106.7,survey-2026,,MEDIUM,180,2008,,
        s2,Heading Two (test),,DOMESTIC_PRIVATE,VN,Hải Phòng,,29,SUPPORTING_INDUSTRY,21.8,106.7,survey-2026,,,,,,
        s3,Sector Three (test),,DOMESTIC_PRIVATE,VN,Hải Phòng,,29,SUPPORTING_INDUSTRY,20.8,106.7,survey-2026,,,,,,
        f4,Foreign Four (test),,,JP,,,29,SUPPORTING_INDUSTRY,,,survey-2026,,,,,,
        s5,Expired Five (test),,DOMESTIC_PRIVATE,VN,Hải Phòng,,29,SUPPORTING_INDUSTRY,20.8,106.7,survey-2026,,,,,,
        s6,Supplier Six (test),,DOMESTIC_PRIVATE,VN,Hải Phòng,,29,SUPPORTING_INDUSTRY,21.8,106.7,survey-2026,,,,,,
        """;

    private const string Links = """
        supplier,buyer,sector,product,value_usd,since,until,confidence,source
        s1,o,29,brackets,100000,,,,survey-2026
        s6,b,29,brackets,50000,,,,survey-2026
        """;

    private const string Capabilities = """
        firm,kind,code,detail,capacity,unit,valid_from,valid_to,verified,source,issuer
        s1,product,8708.29,Stamped brackets,200000,pcs,,,true,survey-2026,
        s1,process,stamping,200 t presses,,,,,true,survey-2026,
        s1,certification,IATF 16949,IATF-0001,,,2024-04-01,2027-03-31,true,survey-2026,Bureau Test
        s2,product,8708,Car parts,,,,,false,survey-2026,
        b,product,870829,,,,,,false,survey-2026,
        b,certification,IATF 16949,IATF-0002,,,2024-01-01,2028-01-01,true,survey-2026,Bureau Test
        f4,product,870829,,,,,,true,survey-2026,
        f4,certification,IATF 16949,,,,,,true,survey-2026,
        s5,product,870829,,,,,,false,survey-2026,
        s5,certification,IATF 16949,IATF-0005,,,2022-01-01,2025-12-31,false,survey-2026,
        s6,product,870829,Brackets,,,,,false,survey-2026,
        s6,process,stamping,,,,,,false,survey-2026,
        s6,certification,IATF 16949,IATF-0006,,,2025-01-01,2028-12-31,false,survey-2026,
        s6,export_market,jp,,,,,,false,survey-2026,
        """;

    private const string Sourcing = """
        request,buyer,title,posted_on,needed_by,status,item,hs_code,sector,description,annual_quantity,unit,required_certifications,required_processes,max_distance_km,source
        b-2026,b,Parts still imported (test),2026-10-01,2027-06-30,open,bracket,8708.29,,Seat bracket,100000,pcs,IATF 16949,stamping,,survey-2026
        b-2026,b,Parts still imported (test),2026-10-01,2027-06-30,open,near,8708.29,,Seat bracket nearby,,,IATF 16949,stamping,50,survey-2026
        """;

    private async Task<ImportReport> ImportAsync(string? firms, string? links, string? capabilities, string? sourcing, bool dryRun = false) =>
        await new SupplyImporter(fixture.Store).ImportAsync(
            new ImportFiles(firms is null ? null : new StringReader(firms), "firms.csv", links is null ? null : new StringReader(links), "links.csv", new StringReader(ImportTests.Sources))
            {
                Capabilities = capabilities is null ? null : new StringReader(capabilities),
                Sourcing = sourcing is null ? null : new StringReader(sourcing),
            },
            dryRun, Today);

    private async Task<SourcingRequest> LoadAsync()
    {
        var report = await ImportAsync(Firms, Links, Capabilities, Sourcing);
        Assert.Empty(report.Errors);
        return (SourcingRequest)(await fixture.Store.GetNodesAsync(["request:b-2026"]))[0]!;
    }

    private async Task<IReadOnlyList<SourcingMatch>> MatchAsync(SourcingRequest request, string key, bool partial, int first = 10) =>
        (await fixture.Store.MatchSourcingAsync([new SourcingMatchRequest(request.BuyerId, request.Items.Single(i => i.Key == key), Today, first, partial)]))[0];

    [Fact]
    public async Task Firms_columns_capabilities_and_requests_are_imported_as_given()
    {
        var request = await LoadAsync();
        var nodes = await fixture.Store.GetNodesAsync(["firm:b", "firm:s1", "firm:s6"]);
        var buyer = (Firm)nodes[0]!;
        Assert.Equal(("JP", FirmSize.Large, 2500, 2015), (buyer.OriginCountry, buyer.Size, buyer.Employees, buyer.FoundedYear));
        var s1 = (Firm)nodes[1]!;
        var product = Assert.Single(s1.Capabilities!.Products);
        Assert.Equal(("product:870829", "Stamped brackets", 200000.0, "pcs", true), (product.ProductId, product.Description, product.AnnualCapacity!.Value, product.Unit, product.Verified));
        Assert.Equal(["source:survey-2026"], product.Sources);
        var cert = Assert.Single(s1.Capabilities.Certifications);
        Assert.Equal(("standard:iatf-16949", "IATF-0001", "Bureau Test", new DateOnly(2024, 4, 1), new DateOnly(2027, 3, 31)), (cert.StandardId, cert.Number, cert.Issuer, cert.IssuedOn, cert.ExpiresOn));
        Assert.Equal("JP", Assert.Single(((Firm)nodes[2]!).Capabilities!.ExportMarkets).Country);
        Assert.Equal(("firm:b", SourcingStatus.Open, new DateOnly(2026, 10, 1), new DateOnly(2027, 6, 30)), (request.BuyerId, request.Status, request.PostedOn, request.NeededBy));
        Assert.Equal(["bracket", "near"], request.Items.Select(i => i.Key));
        var item = request.Items[0];
        Assert.Equal(("product:870829", 100000.0, "pcs", 50.0), (item.ProductId, item.AnnualQuantity!.Value, item.Unit, request.Items[1].MaxDistanceKm!.Value));
        Assert.Equal(["standard:iatf-16949"], item.RequiredStandardIds);
        Assert.Equal(["process:stamping"], item.RequiredProcessIds);

        // The same files again change nothing; a firms file without the profile keeps the profile.
        var again = await ImportAsync(Firms, Links, Capabilities, Sourcing);
        Assert.False(again.Written);
        Assert.Empty((await ImportAsync(Firms, null, null, null)).Errors);
        Assert.Single(((Firm)(await fixture.Store.GetNodesAsync(["firm:s1"]))[0]!).Capabilities!.Products);
    }

    [Fact]
    public async Task Matches_are_domestic_certified_and_scored_part_by_part()
    {
        var request = await LoadAsync();
        var matches = await MatchAsync(request, "bracket", partial: false);
        // s1: 40 + 15 + 10 + 10 (supplies o) + 15 (0 km) + 5 (capacity twice the quantity) + 5 (verified) = 100.
        // s6: 40 + 15 + 10 + 0 (supplies only the buyer) + 7.1 (111.2 km) + 2.5 (capacity unknown) + 0 = 74.6.
        // Left out: the buyer, f4 (abroad), s5 (certificate expired), s2 and s3 (no IATF 16949).
        Assert.Equal([("firm:s1", 100.0), ("firm:s6", 74.6)], matches.Select(m => (m.FirmId, m.Score)));
        var s1 = matches[0];
        Assert.Equal((ProductFit.Subheading, "product:870829", 1.0, true, false, 0.0, 1.0), (s1.ProductFit, s1.MatchedProductId, s1.ProcessFit!.Value, s1.ProvenSupply, s1.AlreadySuppliesBuyer, s1.DistanceKm!.Value, s1.CapacityFit!.Value));
        Assert.Equal(new SourcingScoreParts(40, 15, 10, 10, 15, 5, 5), s1.Parts);
        Assert.Equal(["makes 8708.29, verified", "holds IATF 16949 until 2027-03-31", "runs stamping (100% of the required processes)", "supplies 1 other buyer in this sector", "capacity 200,000 pcs a year (100% of the quantity)", "0 km"], s1.Reasons);
        var s6 = matches[1];
        Assert.Equal((true, 111.2, (double?)null), (s6.AlreadySuppliesBuyer, s6.DistanceKm!.Value, s6.CapacityFit));
        Assert.Contains("already supplies the buyer", s6.Reasons);
    }

    [Fact]
    public async Task With_partial_matches_firms_lacking_a_certificate_stay_and_say_what_they_lack()
    {
        var request = await LoadAsync();
        var matches = await MatchAsync(request, "bracket", partial: true);
        // s5: 40 + 0 + 0 + 0 + 15 + 2.5 + 0 - 10 = 47.5; s2 (heading 8708): 28 + 7.1 + 2.5 - 10 = 27.6;
        // s3 (sector 29 only): 8 + 15 + 2.5 - 10 = 15.5, and so the other lead firm o (a firm in Vietnam, FDI or not),
        // before s3 by id: same score, same fit, same distance.
        Assert.Equal(
            [("firm:s1", 100.0), ("firm:s6", 74.6), ("firm:s5", 47.5), ("firm:s2", 27.6), ("firm:o", 15.5), ("firm:s3", 15.5)],
            matches.Select(m => (m.FirmId, m.Score)));
        Assert.Equal(["standard:iatf-16949"], matches[2].MissingCertifications);
        Assert.Equal((ProductFit.Heading, "product:8708"), (matches[3].ProductFit, matches[3].MatchedProductId));
        Assert.Equal((ProductFit.Sector, (string?)null), (matches[5].ProductFit, matches[5].MatchedProductId));
        Assert.Contains("lacks IATF 16949", matches[2].Reasons);
        Assert.Equal(["firm:s1", "firm:s6"], (await MatchAsync(request, "bracket", partial: true, first: 2)).Select(m => m.FirmId));
    }

    [Fact]
    public async Task A_maximum_distance_leaves_out_farther_firms()
    {
        var request = await LoadAsync();
        Assert.Equal(["firm:s1"], (await MatchAsync(request, "near", partial: false)).Select(m => m.FirmId));
    }

    [Fact]
    public async Task Makers_of_a_heading_include_its_subheadings_makers()
    {
        await LoadAsync();
        var makers = await fixture.Store.ProductMakersAsync("product:8708");
        Assert.Equal(["firm:b", "firm:f4", "firm:s1", "firm:s2", "firm:s5", "firm:s6"], makers.Select(m => m.FirmId));
        Assert.Equal("product:8708", makers.Single(m => m.FirmId == "firm:s2").ProductId);
        Assert.Equal(["firm:s1"], (await fixture.Store.ProductMakersAsync("product:870829")).Where(m => m.Verified && m.FirmId.StartsWith("firm:s", StringComparison.Ordinal)).Select(m => m.FirmId));
    }

    [Fact]
    public async Task Bad_capability_and_sourcing_rows_are_reported_by_line_and_nothing_is_written()
    {
        await LoadAsync();
        var before = await fixture.Store.GetVersionAsync();
        var report = await ImportAsync(Firms, null, """
            firm,kind,code,detail,capacity,unit,valid_from,valid_to,verified,source
            s1,product,123456,,,,,,true,survey-2026
            s1,certification,IATF 16949,X,,,2026-01-01,2025-01-01,true,survey-2026
            s1,certification,ISO 99999,,,,,,true,survey-2026
            s1,product,870829,,500,,,,maybe,survey-2026
            s1,process,stamping,,10,pcs,,,,survey-2026
            nobody,product,870829,,,,,,,survey-2026
            """, """
            request,buyer,title,posted_on,needed_by,status,item,hs_code,sector,description,annual_quantity,unit,required_certifications,required_processes,max_distance_km,source
            r1,b,Title,2026-10-01,,open,a,8708.29,,,,,ISO 0000,,,survey-2026
            r1,b,Other title,2026-10-01,,open,b,,,,,,,,,survey-2026
            """);
        Assert.Equal(
        [
            "capabilities.csv:2: code '123456': unknown HS 2022 code",
            "capabilities.csv:3: valid_to '2025-01-01': expires before it is issued (2026-01-01)",
            "capabilities.csv:4: code 'ISO 99999': unknown certification standard (write its code as the catalogue does, e.g. IATF 16949)",
            "capabilities.csv:5: verified 'maybe': not true or false",
            "capabilities.csv:6: capacity '10': only a product has a capacity",
            "capabilities.csv:6: unit 'pcs': only a product's capacity has a unit",
            "capabilities.csv:7: firm 'nobody': unknown firm",
            "sourcing.csv:3: title 'Other title': differs from line 2, the request's first row",
        ], report.Errors.Select(e => e.ToString()));
        Assert.Equal(before, await fixture.Store.GetVersionAsync());

        var sourcing = await ImportAsync(null, null, null, """
            request,buyer,title,posted_on,needed_by,status,item,hs_code,sector,description,annual_quantity,unit,required_certifications,required_processes,max_distance_km,source
            r1,b,Title,2026-10-01,2026-09-01,open,a,8708.29,,,,,ISO 0000,,,survey-2026
            r1,b,Title,2026-10-01,2026-09-01,open,b,,,,5,,,,-3,survey-2026
            """);
        Assert.Equal(
        [
            "sourcing.csv:2: needed_by '2026-09-01': before it was posted (2026-10-01)",
            "sourcing.csv:2: required_certifications 'ISO 0000': unknown certification standard",
            "sourcing.csv:3: hs_code '': item b: give a product (HS code), a sector or both",
            "sourcing.csv:3: unit '': required with an annual quantity",
            "sourcing.csv:3: max_distance_km '-3': must be between 0.1 and 5000",
        ], sourcing.Errors.Select(e => e.ToString()));
        Assert.Equal(before, await fixture.Store.GetVersionAsync());
    }

    [Fact]
    public async Task Proven_supply_counts_links_of_the_items_heading_or_of_its_sector_when_a_link_has_no_hs_code()
    {
        var report = await ImportAsync("""
            id,name,tax_code,ownership,country,province,park,sectors,roles,lat,lng,source
            tb,Textile Buyer (test),,FDI,VN,Nam Định,,13,LEAD_FIRM,20.4,106.2,survey-2026
            to,Textile Other (test),,FDI,VN,Nam Định,,13,LEAD_FIRM,20.4,106.2,survey-2026
            t1,Weaver One (test),,DOMESTIC_PRIVATE,VN,Nam Định,,13,SUPPORTING_INDUSTRY,20.4,106.2,survey-2026
            t2,Weaver Two (test),,DOMESTIC_PRIVATE,VN,Nam Định,,13,SUPPORTING_INDUSTRY,20.4,106.2,survey-2026
            t3,Weaver Three (test),,DOMESTIC_PRIVATE,VN,Nam Định,,13,SUPPORTING_INDUSTRY,20.4,106.2,survey-2026
            """, """
            supplier,buyer,sector,product,value_usd,since,until,confidence,source,hs_code
            t1,to,13,dyed cotton,,,,,survey-2026,5208.31
            t2,to,13,polyester,,,,,survey-2026,5407
            t3,to,13,fabric,,,,,survey-2026,
            """, """
            firm,kind,code,detail,capacity,unit,valid_from,valid_to,verified,source
            t1,product,5208.12,,,,,,false,survey-2026
            t2,product,5208.12,,,,,,false,survey-2026
            t3,product,5208.12,,,,,,false,survey-2026
            """, """
            request,buyer,title,posted_on,needed_by,status,item,hs_code,sector,description,annual_quantity,unit,required_certifications,required_processes,max_distance_km,source
            tb-2026,tb,Fabric (test),2026-10-01,,open,fabric,5208.12,,Grey cotton,,,,,,survey-2026
            """);
        Assert.Empty(report.Errors);
        var link = Assert.Single((await fixture.Store.GetSupplyLinksAsync(["firm:t1"], Direction.Out))[0]);
        Assert.Equal("product:520831", link.HsProductId);
        var request = (SourcingRequest)(await fixture.Store.GetNodesAsync(["request:tb-2026"]))[0]!;
        var matches = (await MatchAsync(request, "fabric", partial: false)).ToDictionary(m => m.FirmId);
        // t1 supplies 5208.31 (heading 5208, the item's) to another buyer; t2's link names 5407, another heading, so it
        // proves nothing though it is in the sector; t3's link names no code, so its sector (13, the item's) counts.
        Assert.Equal((true, false, true), (matches["firm:t1"].ProvenSupply, matches["firm:t2"].ProvenSupply, matches["firm:t3"].ProvenSupply));
        Assert.Contains("supplies 5208 to 1 other buyer", matches["firm:t1"].Reasons);
        Assert.Contains("supplies 1 other buyer in this sector", matches["firm:t3"].Reasons);
        Assert.Equal(10, matches["firm:t1"].Parts.ProvenSupply);
        Assert.Equal(0, matches["firm:t2"].Parts.ProvenSupply);
    }

    [Fact]
    public async Task A_links_hs_code_is_checked_against_hs_2022_by_line()
    {
        await LoadAsync();
        var before = await fixture.Store.GetVersionAsync();
        var report = await ImportAsync(null, """
            supplier,buyer,sector,product,value_usd,since,until,confidence,source,hs_code
            s1,b,29,brackets,,,,,survey-2026,8708.29
            s2,b,29,brackets,,,,,survey-2026,870890
            s3,b,29,brackets,,,,,survey-2026,87-08
            """, null, null);
        Assert.Equal(
        [
            "links.csv:3: hs_code '870890': unknown HS 2022 code",
            "links.csv:4: hs_code '87-08': not an HS code: write 2, 4 or 6 digits (\"87\", \"8708\", \"8708.29\")",
        ], report.Errors.Select(e => e.ToString()));
        Assert.Equal(before, await fixture.Store.GetVersionAsync());
    }
}
