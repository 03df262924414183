namespace Ecosystem.Graph.Rules;

/// <summary>
/// The box that holds Vietnam's territory, mainland and islands (Hoàng Sa and Trường Sa included): a place in
/// Vietnam has coordinates inside it. A coarse check that catches swapped or mistyped coordinates, not a border test.
/// </summary>
public static class VietnamBounds
{
    public const double MinLat = 8.0, MaxLat = 23.5, MinLng = 102.0, MaxLng = 117.5;

    public const string Description = "latitude 8.0 to 23.5, longitude 102.0 to 117.5";

    public static bool ContainsLatitude(double lat) => lat is >= MinLat and <= MaxLat;

    public static bool Contains(double lat, double lng) => ContainsLatitude(lat) && lng is >= MinLng and <= MaxLng;
}
