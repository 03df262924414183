using Ecosystem.Api.Loading;
using Ecosystem.Api.Products;
using Ecosystem.Api.Schema;
using Ecosystem.Graph.Model;
using GraphQL;
using GraphQL.Types;

namespace Ecosystem.Api.Firms;

/// <summary>A firm's profile: read from the firm (its lists, employees and founded year).</summary>
public sealed class FirmCapabilitiesType : ObjectGraphType<Firm>
{
    public FirmCapabilitiesType()
    {
        Name = "FirmCapabilities";
        Description = "What a firm makes, runs, holds and where it exports, as its profile states it; every fact with its sources and whether it was verified.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FirmProductType>>>>("products").Description("Products it makes (HS 2022 codes), with capacity.").Resolve(c => c.Source.Capabilities?.Products ?? []);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FirmProcessType>>>>("processes").Description("Manufacturing processes it runs (catalogue entries).").Resolve(c => c.Source.Capabilities?.Processes ?? []);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CertificationType>>>>("certifications").Description("Certificates it holds or held (see valid).").Resolve(c => c.Source.Capabilities?.Certifications ?? []);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ExportMarketType>>>>("exportMarkets").Description("Countries it exports to.").Resolve(c => c.Source.Capabilities?.ExportMarkets ?? []);
        Field<IntGraphType>("employees").Description("Employees, as the firm's sources state them.").Resolve(c => c.Source.Employees);
        Field<IntGraphType>("foundedYear").Description("The year it was founded or registered, as its sources state it.").Resolve(c => c.Source.FoundedYear);
    }
}

public sealed class FirmProductType : ObjectGraphType<FirmProduct>
{
    public FirmProductType()
    {
        Name = "FirmProduct";
        Description = "A product a firm makes.";
        Field<NonNullGraphType<ProductType>>("product").Description("The HS 2022 product (chapter, heading or subheading).").ResolveNode<FirmProduct, Product>(p => p.ProductId);
        Field<StringGraphType>("description").Description("What the firm makes, in its own words.").Resolve(c => c.Source.Description);
        Field<FloatGraphType>("annualCapacity").Description("How much it can make in a year, in unit.").Resolve(c => c.Source.AnnualCapacity);
        Field<StringGraphType>("unit").Description("The unit of annualCapacity (pieces, tonnes, sets, ...).").Resolve(c => c.Source.Unit);
        Field<NonNullGraphType<BooleanGraphType>>("verified").Description("True when checked (a visit, an audit, a buyer's word); false when only the firm states it.").Resolve(c => c.Source.Verified);
        this.AddSourcesField(p => p.Sources);
    }
}

public sealed class FirmProcessType : ObjectGraphType<FirmProcess>
{
    public FirmProcessType()
    {
        Name = "FirmProcess";
        Description = "A manufacturing process a firm runs.";
        Field<NonNullGraphType<ProcessType>>("process").Description("The catalogue entry.").ResolveNode<FirmProcess, Process>(p => p.ProcessId);
        Field<StringGraphType>("detail").Description("Detail in the firm's words (machines, tonnage, materials).").Resolve(c => c.Source.Detail);
        Field<NonNullGraphType<BooleanGraphType>>("verified").Description("True when checked; false when only the firm states it.").Resolve(c => c.Source.Verified);
        this.AddSourcesField(p => p.Sources);
    }
}

public sealed class CertificationType : ObjectGraphType<FirmCertification>
{
    public CertificationType()
    {
        Name = "Certification";
        Description = "A certificate a firm holds or held.";
        Field<NonNullGraphType<CertificationStandardType>>("standard").Description("The standard certified.").ResolveNode<FirmCertification, CertificationStandard>(p => p.StandardId);
        Field<StringGraphType>("number").Description("The certificate's number.").Resolve(c => c.Source.Number);
        Field<StringGraphType>("issuer").Description("The certification body that issued it.").Resolve(c => c.Source.Issuer);
        Field<DateType>("issuedOn").Description("The day it was issued, when known.").Resolve(c => c.Source.IssuedOn);
        Field<DateType>("expiresOn").Description("The last day it holds, when known.").Resolve(c => c.Source.ExpiresOn);
        Field<NonNullGraphType<BooleanGraphType>>("valid")
            .Description("Whether it holds on the day: issued by then (when the issue date is known) and not expired.")
            .Argument<DateType>("asOf", "The day (default: today in Vietnam).")
            .Resolve(c => c.Source.ValidOn(c.GetArgument<DateOnly?>("asOf") ?? c.Request().Today));
        Field<NonNullGraphType<BooleanGraphType>>("verified").Description("True when checked (the certificate seen, or the body's register); false when only the firm states it.").Resolve(c => c.Source.Verified);
        this.AddSourcesField(p => p.Sources);
    }
}

public sealed class ExportMarketType : ObjectGraphType<ExportMarket>
{
    public ExportMarketType()
    {
        Name = "ExportMarket";
        Description = "A country a firm exports to.";
        Field<NonNullGraphType<StringGraphType>>("country").Description("ISO 3166-1 alpha-2 code.").Resolve(c => c.Source.Country);
        Field<NonNullGraphType<BooleanGraphType>>("verified").Description("True when checked; false when only the firm states it.").Resolve(c => c.Source.Verified);
        this.AddSourcesField(p => p.Sources);
    }
}
