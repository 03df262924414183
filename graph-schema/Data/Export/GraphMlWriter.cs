using System.Text;
using System.Xml;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Graph.Data.Export;

/// <summary>
/// GraphML with typed keys: firms and sources are nodes, supply links directed edges (supplier to buyer); every node
/// and edge lists its sources. Loads in Gephi and networkx. XmlWriter writes synchronously, into a buffer drained to
/// the output asynchronously every few thousand elements, so an export streams with bounded memory (HTTP response
/// bodies refuse synchronous writes).
/// </summary>
internal sealed class GraphMlWriter : IDisposable
{
    private static readonly (string Id, string Name, string Type)[] NodeKeys =
    [
        ("n_kind", "kind", "string"), ("n_name", "name", "string"), ("n_tax_code", "tax_code", "string"), ("n_ownership", "ownership", "string"),
        ("n_country", "country", "string"), ("n_province", "province", "string"), ("n_park", "park", "string"), ("n_sectors", "sectors", "string"),
        ("n_roles", "roles", "string"), ("n_lat", "lat", "double"), ("n_lng", "lng", "double"), ("n_synthetic", "synthetic", "boolean"),
        ("n_publisher", "publisher", "string"), ("n_url", "url", "string"), ("n_date", "date", "string"), ("n_sources", "sources", "string"),
        ("n_origin_country", "origin_country", "string"), ("n_size", "size", "string"), ("n_employees", "employees", "int"), ("n_founded_year", "founded_year", "int"),
        ("n_products", "products", "string"), ("n_certifications", "certifications", "string"),
        ("n_address", "address", "string"), ("n_ward", "ward", "string"), ("n_former_province", "former_province", "string"), ("n_placement", "placement", "string"),
        ("n_identifiers", "identifiers", "string"),
    ];

    private static readonly (string Id, string Name, string Type)[] EdgeKeys =
    [
        ("e_sector", "sector", "string"), ("e_product", "product", "string"), ("e_value_usd", "value_usd", "double"), ("e_since", "since", "string"),
        ("e_until", "until", "string"), ("e_confidence", "confidence", "double"), ("e_sources", "sources", "string"), ("e_hs_code", "hs_code", "string"),
    ];

    private readonly MemoryStream _buffer = new();
    private readonly XmlWriter _xml;
    private readonly Stream _output;
    private int _count;

    private GraphMlWriter(Stream output)
    {
        _output = output;
        _xml = XmlWriter.Create(_buffer, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), CloseOutput = false });
    }

    public static async Task WriteAsync(Subgraph graph, Stream output, CancellationToken cancellationToken)
    {
        using var writer = new GraphMlWriter(output);
        writer.WriteHeader();
        foreach (var firm in graph.Firms)
        {
            writer.WriteFirm(firm);
            await writer.DrainSometimesAsync(cancellationToken).ConfigureAwait(false);
        }
        foreach (var source in graph.Sources)
        {
            writer.WriteSource(source);
        }
        foreach (var link in graph.Links)
        {
            writer.WriteLink(link);
            await writer.DrainSometimesAsync(cancellationToken).ConfigureAwait(false);
        }
        writer._xml.WriteEndElement();
        writer._xml.WriteEndElement();
        writer._xml.WriteEndDocument();
        await writer.DrainAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _xml.Dispose();
        _buffer.Dispose();
    }

    private void WriteHeader()
    {
        _xml.WriteStartDocument();
        _xml.WriteStartElement(null, "graphml", "http://graphml.graphdrawing.org/xmlns");
        foreach (var (id, name, type) in NodeKeys)
        {
            Key(id, "node", name, type);
        }
        foreach (var (id, name, type) in EdgeKeys)
        {
            Key(id, "edge", name, type);
        }
        _xml.WriteStartElement("graph");
        _xml.WriteAttributeString("id", "ecosystem");
        _xml.WriteAttributeString("edgedefault", "directed");
    }

    private void WriteFirm(Firm f)
    {
        _xml.WriteStartElement("node");
        _xml.WriteAttributeString("id", f.Id);
        Data("n_kind", "firm");
        Data("n_name", f.Name);
        Data("n_tax_code", f.TaxCode);
        Data("n_ownership", f.Ownership is { } o ? GraphExporter.Screaming(o.ToString()) : null);
        Data("n_country", f.Country);
        Data("n_province", f.ProvinceId);
        Data("n_park", f.ParkId);
        Data("n_sectors", f.SectorIds.Count > 0 ? string.Join(';', f.SectorIds) : null);
        Data("n_roles", f.Roles.Count > 0 ? string.Join(';', f.Roles.Select(r => GraphExporter.Screaming(r.ToString()))) : null);
        Data("n_lat", f.Lat is null ? null : GraphExporter.Num(f.Lat));
        Data("n_lng", f.Lng is null ? null : GraphExporter.Num(f.Lng));
        Data("n_synthetic", f.Sources.Any(s => s.StartsWith("source:synthetic", StringComparison.Ordinal)) ? "true" : "false");
        Data("n_sources", string.Join(';', f.Sources));
        Data("n_origin_country", f.OriginCountry);
        Data("n_size", f.Size is { } size ? GraphExporter.Screaming(size.ToString()) : null);
        Data("n_employees", f.Employees is null ? null : GraphExporter.Whole(f.Employees));
        Data("n_founded_year", f.FoundedYear is null ? null : GraphExporter.Whole(f.FoundedYear));
        Data("n_products", f.Capabilities is { Products.Count: > 0 } c ? string.Join(';', c.Products.Select(p => GraphExporter.HsCode(p.ProductId))) : null);
        Data("n_certifications", f.Capabilities is { Certifications.Count: > 0 } k ? string.Join(';', k.Certifications.Select(x => x.StandardId)) : null);
        Data("n_address", f.Address);
        Data("n_ward", f.WardId);
        Data("n_identifiers", f.Identifiers is { Count: > 0 } ids ? string.Join(';', ids.Select(i => i.Key)) : null);
        Data("n_former_province", f.Placement?.FormerProvinceId);
        Data("n_placement", f.Placement is { } placement ? GraphExporter.Screaming(placement.Method.ToString()) : null);
        _xml.WriteEndElement();
    }

    private void WriteSource(Source s)
    {
        _xml.WriteStartElement("node");
        _xml.WriteAttributeString("id", s.Id);
        Data("n_kind", "source");
        Data("n_name", s.Name);
        Data("n_synthetic", s.Synthetic ? "true" : "false");
        Data("n_publisher", s.Publisher);
        Data("n_url", s.Url);
        Data("n_date", s.Date is null ? null : GraphExporter.Day(s.Date));
        _xml.WriteEndElement();
    }

    private void WriteLink(SupplyLink l)
    {
        _xml.WriteStartElement("edge");
        _xml.WriteAttributeString("id", l.Id);
        _xml.WriteAttributeString("source", l.SupplierId);
        _xml.WriteAttributeString("target", l.BuyerId);
        Data("e_sector", l.SectorId);
        Data("e_product", l.Product);
        Data("e_value_usd", l.ValueUsd is null ? null : GraphExporter.Num(l.ValueUsd));
        Data("e_since", l.Since is null ? null : GraphExporter.Day(l.Since));
        Data("e_until", l.Until is null ? null : GraphExporter.Day(l.Until));
        Data("e_confidence", GraphExporter.Num(l.Confidence));
        Data("e_sources", string.Join(';', l.Sources));
        Data("e_hs_code", l.HsProductId is null ? null : GraphExporter.HsCode(l.HsProductId));
        _xml.WriteEndElement();
    }

    private void Key(string id, string forWhat, string name, string type)
    {
        _xml.WriteStartElement("key");
        _xml.WriteAttributeString("id", id);
        _xml.WriteAttributeString("for", forWhat);
        _xml.WriteAttributeString("attr.name", name);
        _xml.WriteAttributeString("attr.type", type);
        _xml.WriteEndElement();
    }

    private void Data(string key, string? value)
    {
        if (value is null)
        {
            return;
        }
        _xml.WriteStartElement("data");
        _xml.WriteAttributeString("key", key);
        // A value stored before the text rules held may carry characters XML cannot: they become U+FFFD.
        _xml.WriteString(TextRules.Printable(value));
        _xml.WriteEndElement();
    }

    private async Task DrainSometimesAsync(CancellationToken cancellationToken)
    {
        if (++_count % 5_000 == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await DrainAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        _xml.Flush();
        _buffer.Position = 0;
        await _buffer.CopyToAsync(_output, cancellationToken).ConfigureAwait(false);
        _buffer.SetLength(0);
    }
}
