using System.Text.Json;

namespace Ecosystem.Graph.Rules;

/// <summary>
/// Province boundaries read from a GeoJSON file shipped with the data (<c>geo/</c>: the 63 provinces before 2025-07-01
/// and the 34 after, simplified to about 50 m), for finding which province a point lies in. A point on or within about
/// 50 m of a border may be given either side; a point at sea or abroad lies in none.
/// </summary>
public sealed class ProvinceBoundaries
{
    /// <summary>The 63-province file, relative to the data folder.</summary>
    public const string Pre2025File = "geo/vn_provinces_63_pre2025.geojson";

    /// <summary>The 34-province file, relative to the data folder.</summary>
    public const string Current2025File = "geo/vn_provinces_34_2025.geojson";

    private static readonly Lazy<ProvinceBoundaries> DefaultPre2025 =
        new(() => Load(Path.Combine(Data.ReferenceData.DefaultDirectory, Pre2025File)));

    private readonly Area[] _areas;

    private ProvinceBoundaries(Area[] areas) => _areas = areas;

    /// <summary>The 63 former provinces from the data folder shipped beside the running assembly (read once).</summary>
    public static ProvinceBoundaries Pre2025 => DefaultPre2025.Value;

    /// <summary>The GSO codes of the provinces the file draws, in its order.</summary>
    public IReadOnlyList<string> Codes => [.. _areas.Select(a => a.Code)];

    /// <summary>Reads a FeatureCollection of Polygon or MultiPolygon features, each with a <c>gso_code</c> property.</summary>
    /// <exception cref="InvalidDataException">The file is not such a collection.</exception>
    public static ProvinceBoundaries Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var doc = JsonDocument.Parse(stream);
        var areas = new List<Area>();
        try
        {
            foreach (var feature in doc.RootElement.GetProperty("features").EnumerateArray())
            {
                var code = feature.GetProperty("properties").GetProperty("gso_code").GetString()
                    ?? throw new InvalidDataException($"{path}: a feature has no gso_code");
                var geometry = feature.GetProperty("geometry");
                var coordinates = geometry.GetProperty("coordinates");
                var polygons = geometry.GetProperty("type").GetString() switch
                {
                    "Polygon" => [ReadPolygon(coordinates)],
                    "MultiPolygon" => coordinates.EnumerateArray().Select(ReadPolygon).ToArray(),
                    var other => throw new InvalidDataException($"{path}: province {code} is a {other}, not a polygon"),
                };
                areas.Add(new Area(code, polygons));
            }
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: not a FeatureCollection of province polygons ({ex.Message})", ex);
        }
        return new ProvinceBoundaries([.. areas]);
    }

    private static Polygon ReadPolygon(JsonElement rings)
    {
        var list = new List<double[]>();
        foreach (var ring in rings.EnumerateArray())
        {
            var points = new double[ring.GetArrayLength() * 2];
            var i = 0;
            foreach (var point in ring.EnumerateArray())
            {
                points[i++] = point[0].GetDouble();
                points[i++] = point[1].GetDouble();
            }
            list.Add(points);
        }
        return new Polygon([.. list]);
    }

    /// <summary>The GSO code of the province the point lies in, or null when it lies in none.</summary>
    public string? Locate(double lat, double lng)
    {
        foreach (var area in _areas)
        {
            if (area.Contains(lng, lat))
            {
                return area.Code;
            }
        }
        return null;
    }

    private sealed class Area(string code, Polygon[] polygons)
    {
        private readonly double _minX = polygons.Min(p => p.MinX), _maxX = polygons.Max(p => p.MaxX);
        private readonly double _minY = polygons.Min(p => p.MinY), _maxY = polygons.Max(p => p.MaxY);

        public string Code { get; } = code;

        public bool Contains(double x, double y) =>
            x >= _minX && x <= _maxX && y >= _minY && y <= _maxY && polygons.Any(p => p.Contains(x, y));
    }

    /// <summary>An outer ring and its holes, as x,y pairs; a point is inside when an odd number of rings enclose it.</summary>
    private sealed class Polygon
    {
        private readonly double[][] _rings;

        public Polygon(double[][] rings)
        {
            _rings = rings;
            var outer = rings.Length > 0 ? rings[0] : [];
            MinX = MinY = double.MaxValue;
            MaxX = MaxY = double.MinValue;
            for (var i = 0; i + 1 < outer.Length; i += 2)
            {
                MinX = Math.Min(MinX, outer[i]);
                MaxX = Math.Max(MaxX, outer[i]);
                MinY = Math.Min(MinY, outer[i + 1]);
                MaxY = Math.Max(MaxY, outer[i + 1]);
            }
        }

        public double MinX { get; }

        public double MaxX { get; }

        public double MinY { get; }

        public double MaxY { get; }

        public bool Contains(double x, double y)
        {
            if (x < MinX || x > MaxX || y < MinY || y > MaxY)
            {
                return false;
            }
            var inside = false;
            foreach (var ring in _rings)
            {
                var n = ring.Length / 2;
                for (int i = 0, j = n - 1; i < n; j = i++)
                {
                    double xi = ring[2 * i], yi = ring[(2 * i) + 1], xj = ring[2 * j], yj = ring[(2 * j) + 1];
                    if ((yi > y) != (yj > y) && x < ((xj - xi) * (y - yi) / (yj - yi)) + xi)
                    {
                        inside = !inside;
                    }
                }
            }
            return inside;
        }
    }
}
