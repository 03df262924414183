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
}

/// <summary>Firms, the supply links among them and the sources both cite.</summary>
public sealed record Subgraph(IReadOnlyList<Firm> Firms, IReadOnlyList<SupplyLink> Links, IReadOnlyList<Source> Sources, bool Truncated);

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
        _ => throw new ExportException($"format must be one of graphml, json, firms.csv, links.csv, sources.csv (got '{text}')."),
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
        var sourceIds = firms.SelectMany(f => f.Sources).Concat(links.SelectMany(l => l.Sources)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var sources = (await store.GetNodesAsync(sourceIds, cancellationToken).ConfigureAwait(false)).OfType<Source>().ToList();
        return new Subgraph(firms, links, sources, truncated);
    }

    public static async Task WriteAsync(Subgraph graph, ExportFormat format, Stream output, CancellationToken cancellationToken)
    {
        switch (format)
        {
            case ExportFormat.GraphMl:
                await WriteGraphMlAsync(graph, output, cancellationToken).ConfigureAwait(false);
                break;
            case ExportFormat.Json:
                await WriteJsonAsync(graph, output, cancellationToken).ConfigureAwait(false);
                break;
            default:
                await using (var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true))
                {
                    await WriteCsvAsync(graph, format, writer, cancellationToken).ConfigureAwait(false);
                }
                break;
        }
    }

    private static string Screaming(string name) => string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();

    private static string Num(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    private static string Day(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

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
                await writer.WriteLineAsync("id,name,tax_code,ownership,country,province,park,sectors,roles,lat,lng,source").ConfigureAwait(false);
                foreach (var f in graph.Firms)
                {
                    await Line(f.Id, f.Name, f.TaxCode, f.Ownership is { } o ? Screaming(o.ToString()) : null, f.Country, f.ProvinceId, f.ParkId,
                        string.Join(';', f.SectorIds), string.Join(';', f.Roles.Select(r => Screaming(r.ToString()))), Num(f.Lat), Num(f.Lng), string.Join(';', f.Sources)).ConfigureAwait(false);
                }
                break;
            case ExportFormat.LinksCsv:
                await writer.WriteLineAsync("supplier,buyer,sector,product,value_usd,since,until,confidence,source").ConfigureAwait(false);
                foreach (var l in graph.Links)
                {
                    await Line(l.SupplierId, l.BuyerId, l.SectorId, l.Product, Num(l.ValueUsd), Day(l.Since), Day(l.Until), Num(l.Confidence), string.Join(';', l.Sources)).ConfigureAwait(false);
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

    private static readonly (string Id, string Name, string Type)[] NodeKeys =
    [
        ("n_kind", "kind", "string"), ("n_name", "name", "string"), ("n_tax_code", "tax_code", "string"), ("n_ownership", "ownership", "string"),
        ("n_country", "country", "string"), ("n_province", "province", "string"), ("n_park", "park", "string"), ("n_sectors", "sectors", "string"),
        ("n_roles", "roles", "string"), ("n_lat", "lat", "double"), ("n_lng", "lng", "double"), ("n_synthetic", "synthetic", "boolean"),
        ("n_publisher", "publisher", "string"), ("n_url", "url", "string"), ("n_date", "date", "string"), ("n_sources", "sources", "string"),
    ];

    private static readonly (string Id, string Name, string Type)[] EdgeKeys =
    [
        ("e_sector", "sector", "string"), ("e_product", "product", "string"), ("e_value_usd", "value_usd", "double"), ("e_since", "since", "string"),
        ("e_until", "until", "string"), ("e_confidence", "confidence", "double"), ("e_sources", "sources", "string"),
    ];

    /// <summary>
    /// GraphML with typed keys: firms and sources are nodes, supply links directed edges (supplier to buyer); every node
    /// and edge lists its sources. Loads in Gephi and networkx.
    /// </summary>
    private static async Task WriteGraphMlAsync(Subgraph graph, Stream output, CancellationToken cancellationToken)
    {
        // XmlWriter writes synchronously; it writes into a buffer that is drained to the output asynchronously every few
        // thousand elements, so the export streams with bounded memory (HTTP response bodies refuse synchronous writes).
        using var buffer = new MemoryStream();
        using var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), CloseOutput = false });
        async Task DrainAsync()
        {
            xml.Flush();
            buffer.Position = 0;
            await buffer.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            buffer.SetLength(0);
        }
        xml.WriteStartDocument();
        xml.WriteStartElement(null, "graphml", "http://graphml.graphdrawing.org/xmlns");
        foreach (var (id, name, type) in NodeKeys)
        {
            Key(xml, id, "node", name, type);
        }
        foreach (var (id, name, type) in EdgeKeys)
        {
            Key(xml, id, "edge", name, type);
        }
        xml.WriteStartElement("graph");
        xml.WriteAttributeString("id", "ecosystem");
        xml.WriteAttributeString("edgedefault", "directed");
        var count = 0;
        foreach (var f in graph.Firms)
        {
            xml.WriteStartElement("node");
            xml.WriteAttributeString("id", f.Id);
            Data(xml, "n_kind", "firm");
            Data(xml, "n_name", f.Name);
            Data(xml, "n_tax_code", f.TaxCode);
            Data(xml, "n_ownership", f.Ownership is { } o ? Screaming(o.ToString()) : null);
            Data(xml, "n_country", f.Country);
            Data(xml, "n_province", f.ProvinceId);
            Data(xml, "n_park", f.ParkId);
            Data(xml, "n_sectors", f.SectorIds.Count > 0 ? string.Join(';', f.SectorIds) : null);
            Data(xml, "n_roles", f.Roles.Count > 0 ? string.Join(';', f.Roles.Select(r => Screaming(r.ToString()))) : null);
            Data(xml, "n_lat", f.Lat is null ? null : Num(f.Lat));
            Data(xml, "n_lng", f.Lng is null ? null : Num(f.Lng));
            Data(xml, "n_synthetic", f.Sources.Any(s => s.StartsWith("source:synthetic", StringComparison.Ordinal)) ? "true" : "false");
            Data(xml, "n_sources", string.Join(';', f.Sources));
            xml.WriteEndElement();
            if (++count % 5_000 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await DrainAsync().ConfigureAwait(false);
            }
        }
        foreach (var s in graph.Sources)
        {
            xml.WriteStartElement("node");
            xml.WriteAttributeString("id", s.Id);
            Data(xml, "n_kind", "source");
            Data(xml, "n_name", s.Name);
            Data(xml, "n_synthetic", s.Synthetic ? "true" : "false");
            Data(xml, "n_publisher", s.Publisher);
            Data(xml, "n_url", s.Url);
            Data(xml, "n_date", s.Date is null ? null : Day(s.Date));
            xml.WriteEndElement();
        }
        foreach (var l in graph.Links)
        {
            xml.WriteStartElement("edge");
            xml.WriteAttributeString("id", l.Id);
            xml.WriteAttributeString("source", l.SupplierId);
            xml.WriteAttributeString("target", l.BuyerId);
            Data(xml, "e_sector", l.SectorId);
            Data(xml, "e_product", l.Product);
            Data(xml, "e_value_usd", l.ValueUsd is null ? null : Num(l.ValueUsd));
            Data(xml, "e_since", l.Since is null ? null : Day(l.Since));
            Data(xml, "e_until", l.Until is null ? null : Day(l.Until));
            Data(xml, "e_confidence", Num(l.Confidence));
            Data(xml, "e_sources", string.Join(';', l.Sources));
            xml.WriteEndElement();
            if (++count % 5_000 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await DrainAsync().ConfigureAwait(false);
            }
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
        await DrainAsync().ConfigureAwait(false);

        static void Key(XmlWriter xml, string id, string forWhat, string name, string type)
        {
            xml.WriteStartElement("key");
            xml.WriteAttributeString("id", id);
            xml.WriteAttributeString("for", forWhat);
            xml.WriteAttributeString("attr.name", name);
            xml.WriteAttributeString("attr.type", type);
            xml.WriteEndElement();
        }

        static void Data(XmlWriter xml, string key, string? value)
        {
            if (value is null)
            {
                return;
            }
            xml.WriteStartElement("data");
            xml.WriteAttributeString("key", key);
            // A value stored before the text rules held may carry characters XML cannot: they become U+FFFD.
            xml.WriteString(TextRules.Printable(value));
            xml.WriteEndElement();
        }
    }

    private static async Task WriteJsonAsync(Subgraph graph, Stream output, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteBoolean("truncated", graph.Truncated);
        json.WriteStartArray("firms");
        var count = 0;
        foreach (var f in graph.Firms)
        {
            json.WriteStartObject();
            json.WriteString("id", f.Id);
            Str(json, "name", f.Name);
            Str(json, "taxCode", f.TaxCode);
            Str(json, "ownership", f.Ownership is { } o ? Screaming(o.ToString()) : null);
            json.WriteString("country", f.Country);
            Str(json, "province", f.ProvinceId);
            Str(json, "park", f.ParkId);
            Array(json, "sectors", f.SectorIds);
            Array(json, "roles", f.Roles.Select(r => Screaming(r.ToString())));
            if (f.Lat is { } lat && f.Lng is { } lng)
            {
                json.WriteNumber("lat", lat);
                json.WriteNumber("lng", lng);
            }
            Array(json, "sources", f.Sources);
            json.WriteEndObject();
            await FlushSometimesAsync(json, ++count, cancellationToken).ConfigureAwait(false);
        }
        json.WriteEndArray();
        json.WriteStartArray("links");
        foreach (var l in graph.Links)
        {
            json.WriteStartObject();
            json.WriteString("id", l.Id);
            json.WriteString("supplier", l.SupplierId);
            json.WriteString("buyer", l.BuyerId);
            json.WriteString("sector", l.SectorId);
            Str(json, "product", l.Product);
            if (l.ValueUsd is { } v)
            {
                json.WriteNumber("valueUsd", v);
            }
            Str(json, "since", l.Since is null ? null : Day(l.Since));
            Str(json, "until", l.Until is null ? null : Day(l.Until));
            json.WriteNumber("confidence", l.Confidence);
            Array(json, "sources", l.Sources);
            json.WriteEndObject();
            await FlushSometimesAsync(json, ++count, cancellationToken).ConfigureAwait(false);
        }
        json.WriteEndArray();
        json.WriteStartArray("sources");
        foreach (var s in graph.Sources)
        {
            json.WriteStartObject();
            json.WriteString("id", s.Id);
            Str(json, "title", s.Name);
            Str(json, "publisher", s.Publisher);
            Str(json, "url", s.Url);
            Str(json, "date", s.Date is null ? null : Day(s.Date));
            json.WriteBoolean("synthetic", s.Synthetic);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);

        static void Str(Utf8JsonWriter json, string name, string? value)
        {
            if (value is not null)
            {
                json.WriteString(name, TextRules.Printable(value));
            }
        }

        static void Array(Utf8JsonWriter json, string name, IEnumerable<string> values)
        {
            json.WriteStartArray(name);
            foreach (var v in values)
            {
                json.WriteStringValue(v);
            }
            json.WriteEndArray();
        }
    }

    private static async Task FlushSometimesAsync(Utf8JsonWriter json, int count, CancellationToken cancellationToken)
    {
        if (count % 10_000 == 0)
        {
            await json.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
