using Ecosystem.Api.Loading;
using Ecosystem.Api.Errors;
using Ecosystem.Api.Provinces;
using Ecosystem.Graph.Store;
using GraphQL.Types;

namespace Ecosystem.Api.Scopes;

/// <summary>Where a scoped query looks: one park, province, region or corridor, or the whole country.</summary>
public sealed record ScopeInput
{
    public string? Park { get; init; }

    public string? Province { get; init; }

    public string? Region { get; init; }

    public string? Corridor { get; init; }

    public bool? Country { get; init; }

    public FirmScope ToFirmScope() => new() { Park = Park, Province = Province, Region = Region, Corridor = Corridor, Country = Country };
}

public sealed class ScopeInputType : InputObjectGraphType<ScopeInput>
{
    public ScopeInputType()
    {
        Name = "ScopeInput";
        Description = "Where to look: exactly one of park, province, region, corridor or country.";
        Field<IdGraphType>("park").Description("Firms located in this park.");
        Field<StringGraphType>("province").Description("Firms recorded in this province (code, name or id, old or new, as of the query's date); a province in force takes in the former ones merged into it.");
        Field<StringGraphType>("region").Description("Firms recorded in any province, current or former, of this region (code, id or name).");
        Field<IdGraphType>("corridor").Description("Firms recorded in the corridor's provinces, or in the provinces they became part of.");
        Field<BooleanGraphType>("country").Description("true: every firm operating in Vietnam.");
    }
}

public sealed class InvalidScopeException(string message) : ApiException(ErrorCodes.BadUserInput, message);

/// <summary>Turns a scope into the firm filter the store applies (<see cref="FirmScope"/>), with the API's error codes.</summary>
public sealed class ScopeResolver(IGraphStore store, RequestView view)
{
    public async Task<NodeFilter> FirmFilterAsync(ScopeInput scope, DateOnly asOf, CancellationToken cancellationToken)
    {
        var firmScope = scope.ToFirmScope();
        try
        {
            var directory = await view.ProvincesAsync(cancellationToken).ConfigureAwait(false);
            return await firmScope.ToFirmFilterAsync(store, directory, asOf, cancellationToken).ConfigureAwait(false);
        }
        catch (ScopeException e)
        {
            throw Map(e);
        }
    }

    /// <summary>The API error for a scope that is not well formed (BAD_USER_INPUT) or names nothing (NOT_FOUND).</summary>
    public static ApiException Map(ScopeException e) =>
        e.Kind is null ? new InvalidScopeException(e.Message) : new ReferenceNotFoundException(e.Kind, e.Value!);
}
