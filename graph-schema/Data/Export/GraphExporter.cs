using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Data.Export;

/// <summary>The formats a subgraph can be written in; the CSV ones are the import format, so export and import round-trip.</summary>
public enum ExportFormat
{
    GraphMl = 1,
    Json,
    FirmsCsv,
    LinksCsv,
    SourcesCsv,
    CapabilitiesCsv,
    SourcingCsv,
}

/// <summary>Firms, the supply links among them, the sourcing requests they posted and the sources all of them cite.</summary>
public sealed record Subgraph(IReadOnlyList<Firm> Firms, IReadOnlyList<SupplyLink> Links, IReadOnlyList<Source> Sources, bool Truncated)
{
    public IReadOnlyList<SourcingRequest> Requests { get; init; } = [];
}

/// <summary>Why an export cannot be made: an argument that is not valid, or a firm or place that is not in the graph.</summary>
public enum ExportFailure
{
    BadArgument,
    NotFound,
}

/// <summary>An export refused before anything was written, with its kind of failure.</summary>
public sealed class ExportException(string message, ExportFailure kind = ExportFailure.BadArgument) : Exception(message)
{
    public ExportFailure Kind { get; } = kind;
}

/// <summary>Builds subgraphs from the store (a supply chain, a scope) and writes them in the export formats, streaming.</summary>
public static class GraphExporter
{
    public static ExportFormat ParseFormat(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "graphml" => ExportFormat.GraphMl,
        "json" => ExportFormat.Json,
        "firms.csv" => ExportFormat.FirmsCsv,
        "links.csv" => ExportFormat.LinksCsv,
        "sources.csv" => ExportFormat.SourcesCsv,
        "capabilities.csv" => ExportFormat.CapabilitiesCsv,
        "sourcing.csv" => ExportFormat.SourcingCsv,
        _ => throw new ExportException($"format must be one of graphml, json, firms.csv, links.csv, sources.csv, capabilities.csv, sourcing.csv (got '{text}')."),
    };

    public static string ContentType(ExportFormat format) => format switch
    {
        ExportFormat.GraphMl => "application/graphml+xml",
        ExportFormat.Json => "application/json",
        _ => "text/csv",
    };

    public static string FileName(string stem, ExportFormat format) => format switch
    {
        ExportFormat.GraphMl => $"{stem}.graphml",
        ExportFormat.Json => $"{stem}.json",
        ExportFormat.FirmsCsv => $"{stem}.firms.csv",
        ExportFormat.LinksCsv => $"{stem}.links.csv",
        ExportFormat.CapabilitiesCsv => $"{stem}.capabilities.csv",
        ExportFormat.SourcingCsv => $"{stem}.sourcing.csv",
        _ => $"{stem}.sources.csv",
    };

    /// <summary>A firm and its supply chain: the firms within the tiers and every link among them (the links that reach each tier and those across it).</summary>
    public static async Task<Subgraph> SupplyChainAsync(IGraphStore store, TraversalRequest request, CancellationToken cancellationToken)
    {
        var root = (await store.GetNodesAsync(request.RootIds, cancellationToken).ConfigureAwait(false)).OfType<Firm>().ToList();
        if (root.Count != request.RootIds.Count)
        {
            throw new ExportException($"No firm has the id {string.Join(", ", request.RootIds)}.", ExportFailure.NotFound);
        }
        var walk = await store.TraverseAsync(request, cancellationToken).ConfigureAwait(false);
        var ids = walk.Tiers.SelectMany(t => t.FirmIds).ToList();
        var firms = root.Concat((await store.GetNodesAsync(ids, cancellationToken).ConfigureAwait(false)).OfType<Firm>()).ToList();
        var inChain = firms.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var links = (await store.GetSupplyLinksAsync([.. inChain], Direction.In, request.Filter, cancellationToken).ConfigureAwait(false))
            .SelectMany(l => l).Where(l => inChain.Contains(l.SupplierId)).ToList();
        return await WithSourcesAsync(store, firms, links, walk.Truncated, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The firms that pass a filter and the links among them.</summary>
    public static async Task<Subgraph> ScopeAsync(IGraphStore store, NodeFilter scope, LinkFilter? filter, int maxFirms, CancellationToken cancellationToken)
    {
        var page = await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, Filter = scope, OrderBy = [new SortOrder(SortField.Id)], First = maxFirms }, cancellationToken).ConfigureAwait(false);
        var firms = page.Items.Select(i => (Firm)i.Node).ToList();
        var inScope = firms.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var links = (await store.GetSupplyLinksAsync([.. inScope], Direction.In, filter, cancellationToken).ConfigureAwait(false))
            .SelectMany(l => l).Where(l => inScope.Contains(l.SupplierId)).ToList();
        return await WithSourcesAsync(store, firms, links, page.HasNextPage, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Subgraph> WithSourcesAsync(IGraphStore store, List<Firm> firms, List<SupplyLink> links, bool truncated, CancellationToken cancellationToken)
    {
        var ids = firms.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var requests = (await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.SourcingRequest, OrderBy = [new SortOrder(SortField.Id)], First = int.MaxValue }, cancellationToken).ConfigureAwait(false))
            .Items.Select(i => (SourcingRequest)i.Node).Where(r => ids.Contains(r.BuyerId)).ToList();
        var sourceIds = firms.SelectMany(f => f.Sources).Concat(links.SelectMany(l => l.Sources)).Concat(requests.SelectMany(r => r.Sources))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var sources = (await store.GetNodesAsync(sourceIds, cancellationToken).ConfigureAwait(false)).OfType<Source>().ToList();
        return new Subgraph(firms, links, sources, truncated) { Requests = requests };
    }

    public static async Task WriteAsync(Subgraph graph, ExportFormat format, Stream output, CancellationToken cancellationToken)
    {
        switch (format)
        {
            case ExportFormat.GraphMl:
                await GraphMlWriter.WriteAsync(graph, output, cancellationToken).ConfigureAwait(false);
                break;
            case ExportFormat.Json:
                await JsonGraphWriter.WriteAsync(graph, output, cancellationToken).ConfigureAwait(false);
                break;
            default:
                await using (var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true))
                {
                    await WriteCsvAsync(graph, format, writer, cancellationToken).ConfigureAwait(false);
                }
                break;
        }
    }

    internal static string Screaming(string name) => string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();

    internal static string Num(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    internal static string Whole(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    internal static string Flag(bool value) => value ? "true" : "false";

    /// <summary>An HS product id as its code ("product:870829" is 8708.29); empty for none.</summary>
    internal static string HsCode(string? productId) => productId is null ? "" : Product.Display(NodeIds.Local(productId));

    internal static string Day(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static async Task WriteCsvAsync(Subgraph graph, ExportFormat format, TextWriter writer, CancellationToken cancellationToken)
    {
        var count = 0;
        async Task Line(params string?[] fields)
        {
            await writer.WriteLineAsync(Csv.Line(fields)).ConfigureAwait(false);
            if (++count % 10_000 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        switch (format)
        {
            case ExportFormat.FirmsCsv:
                await writer.WriteLineAsync("id,name,tax_code,ownership,country,province,park,sectors,roles,lat,lng,source,origin_country,size,employees,founded_year,revenue_usd,alliances,address,ward,former_province,placement,osh_id,lei,gln,registration_number,customs_code").ConfigureAwait(false);
                foreach (var f in graph.Firms)
                {
                    await Line(f.Id, f.Name, f.TaxCode, f.Ownership is { } o ? Screaming(o.ToString()) : null, f.Country, f.ProvinceId, f.ParkId,
                        string.Join(';', f.SectorIds), string.Join(';', f.Roles.Select(r => Screaming(r.ToString()))), Num(f.Lat), Num(f.Lng), string.Join(';', f.Sources),
                        f.OriginCountry, f.Size is { } size ? Screaming(size.ToString()) : null, Whole(f.Employees), Whole(f.FoundedYear), Num(f.RevenueUsd),
                        string.Join(';', f.AllianceIds), f.Address, f.WardId, f.Placement?.FormerProvinceId,
                        f.Placement is { } placement ? Screaming(placement.Method.ToString()) : null,
                        IdentifierCell(f, IdentifierScheme.OpenSupplyHub), IdentifierCell(f, IdentifierScheme.Lei), IdentifierCell(f, IdentifierScheme.Gln),
                        IdentifierCell(f, IdentifierScheme.EnterpriseRegistration), IdentifierCell(f, IdentifierScheme.Customs)).ConfigureAwait(false);
                }
                break;
            case ExportFormat.LinksCsv:
                await writer.WriteLineAsync("supplier,buyer,sector,product,value_usd,since,until,confidence,source,hs_code").ConfigureAwait(false);
                foreach (var l in graph.Links)
                {
                    await Line(l.SupplierId, l.BuyerId, l.SectorId, l.Product, Num(l.ValueUsd), Day(l.Since), Day(l.Until), Num(l.Confidence), string.Join(';', l.Sources),
                        HsCode(l.HsProductId)).ConfigureAwait(false);
                }
                break;
            case ExportFormat.CapabilitiesCsv:
                await writer.WriteLineAsync("firm,kind,code,detail,capacity,unit,valid_from,valid_to,verified,source,issuer").ConfigureAwait(false);
                foreach (var f in graph.Firms)
                {
                    if (f.Capabilities is not { } c)
                    {
                        continue;
                    }
                    foreach (var p in c.Products)
                    {
                        await Line(f.Id, "product", HsCode(p.ProductId), p.Description, Num(p.AnnualCapacity), p.Unit, null, null, Flag(p.Verified), string.Join(';', p.Sources), null).ConfigureAwait(false);
                    }
                    foreach (var p in c.Processes)
                    {
                        await Line(f.Id, "process", p.ProcessId, p.Detail, null, null, null, null, Flag(p.Verified), string.Join(';', p.Sources), null).ConfigureAwait(false);
                    }
                    foreach (var x in c.Certifications)
                    {
                        await Line(f.Id, "certification", x.StandardId, x.Number, null, null, Day(x.IssuedOn), Day(x.ExpiresOn), Flag(x.Verified), string.Join(';', x.Sources), x.Issuer).ConfigureAwait(false);
                    }
                    foreach (var m in c.ExportMarkets)
                    {
                        await Line(f.Id, "export_market", m.Country, null, null, null, null, null, Flag(m.Verified), string.Join(';', m.Sources), null).ConfigureAwait(false);
                    }
                }
                break;
            case ExportFormat.SourcingCsv:
                await writer.WriteLineAsync("request,buyer,title,posted_on,needed_by,status,item,hs_code,sector,description,annual_quantity,unit,required_certifications,required_processes,max_distance_km,source,provinces,restricted").ConfigureAwait(false);
                foreach (var r in graph.Requests)
                {
                    foreach (var i in r.Items)
                    {
                        await Line(r.Id, r.BuyerId, r.Name, Day(r.PostedOn), Day(r.NeededBy), r.Status.ToString().ToLowerInvariant(), i.Key, HsCode(i.ProductId), i.SectorId, i.Description,
                            Num(i.AnnualQuantity), i.Unit, string.Join(';', i.RequiredStandardIds), string.Join(';', i.RequiredProcessIds), Num(i.MaxDistanceKm), string.Join(';', r.Sources),
                            string.Join(';', i.ProvinceIds), Flag(r.Restricted)).ConfigureAwait(false);
                    }
                }
                break;
            default:
                await writer.WriteLineAsync("id,title,publisher,url,date").ConfigureAwait(false);
                foreach (var s in graph.Sources)
                {
                    await Line(s.Id, s.Name, s.Publisher, s.Url, Day(s.Date)).ConfigureAwait(false);
                }
                break;
        }
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A firm's identifiers of one scheme for its CSV column (several separated by ';', as the import reads them).</summary>
    private static string? IdentifierCell(Firm f, IdentifierScheme scheme) =>
        f.Identifiers?.Where(i => i.Scheme == scheme).Select(i => i.Value).ToList() is { Count: > 0 } values ? string.Join(';', values) : null;
}
