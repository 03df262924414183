using Microsoft.Net.Http.Headers;

namespace Ecosystem.Api.Http;

/// <summary>Content negotiation for GraphQL over HTTP.</summary>
public static class MediaTypes
{
    public const string GraphQLResponse = "application/graphql-response+json";
    public const string Json = "application/json";
    public const string Html = "text/html";

    /// <summary>
    /// The response type for an Accept header: the acceptable type with the highest quality, preferring
    /// application/graphql-response+json when both are named; application/json when there is no Accept header or when
    /// only a wildcard (<c>*/*</c>, <c>application/*</c>) accepts it, as the GraphQL-over-HTTP specification asks of
    /// legacy clients; null when nothing we serve is acceptable (406). Html is offered only when
    /// <paramref name="offerHtml"/> is set.
    /// </summary>
    public static string? Negotiate(IList<string>? accept, bool offerHtml)
    {
        if (accept is null || accept.Count == 0 || accept.All(string.IsNullOrWhiteSpace))
        {
            return Json;
        }
        if (!MediaTypeHeaderValue.TryParseList(accept, out var ranges))
        {
            return null;
        }
        // On ties the earlier offer wins: application/json for a wildcard, the GraphQL response type when named.
        string[] offers = offerHtml ? [Json, GraphQLResponse, Html] : [Json, GraphQLResponse];
        string? best = null;
        var bestQuality = 0.0;
        var bestSpecificity = -1;
        foreach (var offer in offers)
        {
            foreach (var range in ranges)
            {
                var quality = range.Quality ?? 1.0;
                var specificity = Specificity(range, offer);
                if (specificity < 0 || quality <= 0)
                {
                    continue;
                }
                // A wildcard never beats an explicit type of the same quality: browsers send */* behind text/html.
                if (quality > bestQuality || (quality == bestQuality && (specificity > bestSpecificity || (specificity == 2 && bestSpecificity == 2 && offer == GraphQLResponse))))
                {
                    best = offer;
                    bestQuality = quality;
                    bestSpecificity = specificity;
                }
            }
        }
        return best;
    }

    /// <summary>2 for an exact match, 1 for type/*, 0 for */*, -1 for no match.</summary>
    private static int Specificity(MediaTypeHeaderValue range, string offer)
    {
        var type = range.MediaType.Value ?? "";
        if (type == "*/*")
        {
            return 0;
        }
        var slash = offer.IndexOf('/', StringComparison.Ordinal);
        if (type.EndsWith("/*", StringComparison.Ordinal))
        {
            return string.Equals(type[..^2], offer[..slash], StringComparison.OrdinalIgnoreCase) ? 1 : -1;
        }
        return string.Equals(type, offer, StringComparison.OrdinalIgnoreCase) ? 2 : -1;
    }
}
