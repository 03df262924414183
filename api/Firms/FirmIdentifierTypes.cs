using Ecosystem.Api.Schema;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using GraphQL.Types;

namespace Ecosystem.Api.Firms;

public sealed class IdentifierSchemeType() : DescribedEnumType<IdentifierScheme>("IdentifierScheme", "A register that gives firms identifiers besides the Vietnamese tax code.", new Dictionary<IdentifierScheme, string>
{
    [IdentifierScheme.OpenSupplyHub] = "Open Supply Hub facility id: country code, 7 digits of the day it was made, 5 base-32 characters and a check character.",
    [IdentifierScheme.Lei] = "Legal Entity Identifier (ISO 17442): 20 characters, the last two check digits (ISO 7064 MOD 97-10).",
    [IdentifierScheme.Gln] = "GS1 Global Location Number: 13 digits, the last a GS1 check digit.",
    [IdentifierScheme.EnterpriseRegistration] = "Enterprise registration number (mã số doanh nghiệp): the enterprise's 10-digit tax code.",
    [IdentifierScheme.Customs] = "Customs code: the declarant's tax code, 10 digits or 13 for a branch.",
});

public sealed class FirmIdentifierType : ObjectGraphType<FirmIdentifier>
{
    public FirmIdentifierType()
    {
        Name = "FirmIdentifier";
        Description = "An identifier a firm carries in another register, written canonically and checked by that register's rule.";
        Field<NonNullGraphType<IdentifierSchemeType>>("scheme").Description("The register.").Resolve(c => c.Source.Scheme);
        Field<NonNullGraphType<StringGraphType>>("value").Description("The identifier, canonical (upper case, no spaces; a tax code with its dash).").Resolve(c => c.Source.Value);
    }
}

/// <summary>An identifier as a client gives it: upsertFirm's identifiers and firm(identifier:).</summary>
public sealed class FirmIdentifierInputType : InputObjectGraphType<FirmIdentifier>
{
    public FirmIdentifierInputType()
    {
        Name = "FirmIdentifierInput";
        Description = "An identifier in a register: spaces, dashes and case do not matter (a tax code keeps its branch dash); it must pass the register's check.";
        Field<NonNullGraphType<IdentifierSchemeType>>("scheme").Description("The register.");
        Field<NonNullGraphType<StringGraphType>>("value").Description("The identifier as written.");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) =>
        new FirmIdentifier((IdentifierScheme)(value["scheme"] ?? throw new InvalidOperationException("scheme is required")), (string)(value["value"] ?? ""));
}

/// <summary>firm(identifier:) with a value its register refuses.</summary>
public sealed class InvalidIdentifierException(IdentifierScheme scheme, string value, string reason)
    : Errors.ApiException(Errors.ErrorCodes.BadUserInput, $"\"{value}\" is not a valid {Identifiers.Token(scheme)}: {reason}.");
