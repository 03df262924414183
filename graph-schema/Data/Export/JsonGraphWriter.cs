using System.Text.Json;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Graph.Data.Export;

/// <summary>A subgraph as one JSON object: truncated, firms, links and sources, streamed with a flush every 10,000 items.</summary>
internal static class JsonGraphWriter
{
    public static async Task WriteAsync(Subgraph graph, Stream output, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteBoolean("truncated", graph.Truncated);
        json.WriteStartArray("firms");
        var count = 0;
        foreach (var f in graph.Firms)
        {
            WriteFirm(json, f);
            await FlushSometimesAsync(json, ++count, cancellationToken).ConfigureAwait(false);
        }
        json.WriteEndArray();
        json.WriteStartArray("links");
        foreach (var l in graph.Links)
        {
            WriteLink(json, l);
            await FlushSometimesAsync(json, ++count, cancellationToken).ConfigureAwait(false);
        }
        json.WriteEndArray();
        json.WriteStartArray("sourcingRequests");
        foreach (var r in graph.Requests)
        {
            JsonSerializer.SerializeToElement(r, ProfileJson).WriteTo(json);
        }
        json.WriteEndArray();
        json.WriteStartArray("sources");
        foreach (var s in graph.Sources)
        {
            WriteSource(json, s);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void WriteFirm(Utf8JsonWriter json, Firm f)
    {
        json.WriteStartObject();
        json.WriteString("id", f.Id);
        Str(json, "name", f.Name);
        Str(json, "taxCode", f.TaxCode);
        Str(json, "ownership", f.Ownership is { } o ? GraphExporter.Screaming(o.ToString()) : null);
        json.WriteString("country", f.Country);
        Str(json, "province", f.ProvinceId);
        Str(json, "park", f.ParkId);
        Str(json, "address", f.Address);
        Str(json, "ward", f.WardId);
        if (f.Placement is { } placement)
        {
            json.WriteStartObject("placement");
            Str(json, "province", placement.ProvinceId);
            Str(json, "formerProvince", placement.FormerProvinceId);
            json.WriteString("method", GraphExporter.Screaming(placement.Method.ToString()));
            json.WriteEndObject();
        }
        Array(json, "sectors", f.SectorIds);
        Array(json, "roles", f.Roles.Select(r => GraphExporter.Screaming(r.ToString())));
        if (f.Lat is { } lat && f.Lng is { } lng)
        {
            json.WriteNumber("lat", lat);
            json.WriteNumber("lng", lng);
        }
        Array(json, "sources", f.Sources);
        Str(json, "originCountry", f.OriginCountry);
        Str(json, "size", f.Size is { } size ? GraphExporter.Screaming(size.ToString()) : null);
        Int(json, "employees", f.Employees);
        Int(json, "foundedYear", f.FoundedYear);
        if (f.RevenueUsd is { } revenue)
        {
            json.WriteNumber("revenueUsd", revenue);
        }
        if (f.AllianceIds.Count > 0)
        {
            Array(json, "alliances", f.AllianceIds);
        }
        if (f.Identifiers is { Count: > 0 } identifiers)
        {
            json.WriteStartArray("identifiers");
            foreach (var identifier in identifiers)
            {
                json.WriteStartObject();
                json.WriteString("scheme", Rules.Identifiers.Token(identifier.Scheme));
                json.WriteString("value", identifier.Value);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        if (f.Capabilities is { IsEmpty: false } c)
        {
            json.WritePropertyName("capabilities");
            JsonSerializer.SerializeToElement(c, ProfileJson).WriteTo(json);
        }
        json.WriteEndObject();
    }

    private static readonly JsonSerializerOptions ProfileJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private static void Int(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
    }

    private static void WriteLink(Utf8JsonWriter json, SupplyLink l)
    {
        json.WriteStartObject();
        json.WriteString("id", l.Id);
        json.WriteString("supplier", l.SupplierId);
        json.WriteString("buyer", l.BuyerId);
        json.WriteString("sector", l.SectorId);
        Str(json, "product", l.Product);
        Str(json, "hsCode", l.HsProductId is null ? null : GraphExporter.HsCode(l.HsProductId));
        if (l.ValueUsd is { } v)
        {
            json.WriteNumber("valueUsd", v);
        }
        Str(json, "since", l.Since is null ? null : GraphExporter.Day(l.Since));
        Str(json, "until", l.Until is null ? null : GraphExporter.Day(l.Until));
        json.WriteNumber("confidence", l.Confidence);
        Array(json, "sources", l.Sources);
        json.WriteEndObject();
    }

    private static void WriteSource(Utf8JsonWriter json, Source s)
    {
        json.WriteStartObject();
        json.WriteString("id", s.Id);
        Str(json, "title", s.Name);
        Str(json, "publisher", s.Publisher);
        Str(json, "url", s.Url);
        Str(json, "date", s.Date is null ? null : GraphExporter.Day(s.Date));
        json.WriteBoolean("synthetic", s.Synthetic);
        json.WriteEndObject();
    }

    private static void Str(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, TextRules.Printable(value));
        }
    }

    private static void Array(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values)
        {
            json.WriteStringValue(v);
        }
        json.WriteEndArray();
    }

    private static async Task FlushSometimesAsync(Utf8JsonWriter json, int count, CancellationToken cancellationToken)
    {
        if (count % 10_000 == 0)
        {
            await json.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
