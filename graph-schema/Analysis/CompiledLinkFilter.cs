using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>A supply-link filter compiled against one snapshot: sector sets expanded to descendants, countries to indexes.</summary>
internal sealed class CompiledLinkFilter
{
    public static readonly CompiledLinkFilter None = new();

    private HashSet<int>? _sectors;
    private bool[]? _countries;
    private double _minValue = double.NegativeInfinity;
    private int _asOf;
    private bool _hasAsOf;
    private float _minConfidence = float.NegativeInfinity;
    private bool _hasMinConfidence;

    public bool IsEmpty { get; private set; } = true;

    public static CompiledLinkFilter Compile(SupplyGraph snap, LinkFilter? filter)
    {
        if (filter is null)
        {
            return None;
        }
        var compiled = new CompiledLinkFilter();
        if (filter.SectorIds is { } sectors)
        {
            compiled._sectors = snap.ExpandSectors(sectors);
            compiled.IsEmpty = false;
        }
        if (filter.Countries is { } || filter.DomesticOnly)
        {
            var allowed = new bool[snap.Countries.Length];
            var wanted = filter.Countries is { } countries ? new HashSet<string>(countries, StringComparer.OrdinalIgnoreCase) : null;
            for (var c = 0; c < allowed.Length; c++)
            {
                allowed[c] = (wanted is null || wanted.Contains(snap.Countries[c])) && (!filter.DomesticOnly || c == snap.DomesticCountry);
            }
            compiled._countries = allowed;
            compiled.IsEmpty = false;
        }
        if (filter.MinValueUsd is { } minValue)
        {
            compiled._minValue = minValue;
            compiled.IsEmpty = false;
        }
        if (filter.AsOf is { } asOf)
        {
            compiled._asOf = asOf.DayNumber;
            compiled._hasAsOf = true;
            compiled.IsEmpty = false;
        }
        if (filter.MinConfidence is { } minConfidence)
        {
            compiled._minConfidence = (float)minConfidence - 1e-6f;
            compiled._hasMinConfidence = true;
            compiled.IsEmpty = false;
        }
        return compiled;
    }

    public bool Pass(SupplyGraph snap, int link, int far)
    {
        if (_sectors is not null && !_sectors.Contains(snap.LinkSector[link]))
        {
            return false;
        }
        if (_countries is not null)
        {
            var c = snap.FirmCountry[far];
            if (c < 0 || !_countries[c])
            {
                return false;
            }
        }
        if (_minValue > double.NegativeInfinity && !(snap.LinkValue[link] >= _minValue))
        {
            return false;
        }
        if (_hasAsOf && (snap.LinkSince[link] > _asOf || snap.LinkUntil[link] < _asOf))
        {
            return false;
        }
        return !_hasMinConfidence || snap.LinkConfidence[link] >= _minConfidence;
    }

    /// <summary>Whether <see cref="Pass"/> reads the links' validity dates.</summary>
    public bool ReadsDates => _hasAsOf;
}
