using Ecosystem.Api.Errors;

namespace Ecosystem.Api.Firms;

/// <summary>A tax code (MST) that is malformed or fails its check digit.</summary>
public sealed class InvalidTaxCodeException(string taxCode, string reason)
    : ApiException(ErrorCodes.BadUserInput, $"\"{taxCode}\" is not a valid tax code (MST): {reason}.");

/// <summary>firm() without an id or a tax code.</summary>
public sealed class FirmLookupException(string message) : ApiException(ErrorCodes.BadUserInput, message);
