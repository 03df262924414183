using GraphQL.Types;

namespace Ecosystem.Api.Schema;

/// <summary>A point in WGS 84.</summary>
public sealed record GeoPoint(double Lat, double Lng)
{
    public static GeoPoint? Of(double? lat, double? lng) => lat is { } a && lng is { } b ? new GeoPoint(a, b) : null;
}

public sealed class GeoPointType : ObjectGraphType<GeoPoint>
{
    public GeoPointType()
    {
        Name = "GeoPoint";
        Description = "A location in WGS 84 degrees, as its source states it (never estimated).";
        Field<NonNullGraphType<FloatGraphType>>("lat").Description("Latitude in degrees.").Resolve(c => c.Source.Lat);
        Field<NonNullGraphType<FloatGraphType>>("lng").Description("Longitude in degrees.").Resolve(c => c.Source.Lng);
    }
}
