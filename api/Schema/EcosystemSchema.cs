using Ecosystem.Api.Alliances;
using Ecosystem.Api.Corridors;
using Ecosystem.Api.Firms;
using Ecosystem.Api.Parks;
using Ecosystem.Api.Provinces;
using Ecosystem.Api.Regions;
using Ecosystem.Api.Sectors;
using Ecosystem.Api.Sources;
using GraphQL;

namespace Ecosystem.Api.Schema;

/// <summary>The GraphQL schema of the knowledge graph; its printed form is graph-schema/schema.graphql.</summary>
public sealed class EcosystemSchema : GraphQL.Types.Schema
{
    public EcosystemSchema(IServiceProvider services, QueryType query, Mutations.MutationType mutation, Subscriptions.SubscriptionType subscription)
        : base(services)
    {
        Description = "Ecosystem: a knowledge graph of Vietnam's industrial ecosystems.";
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
        // Types reachable only through the Node interface must be registered so node(id:) can return them.
        this.RegisterType<FirmType>();
        this.RegisterType<ParkType>();
        this.RegisterType<ProvinceType>();
        this.RegisterType<RegionType>();
        this.RegisterType<CorridorType>();
        this.RegisterType<SectorType>();
        this.RegisterType<AllianceType>();
        this.RegisterType<SourceType>();
        this.RegisterType<Products.ProductType>();
        this.RegisterType<Products.ProcessType>();
        this.RegisterType<Products.CertificationStandardType>();
        this.RegisterType<Sourcing.SourcingRequestType>();
        this.RegisterType<Places.WardType>();
        // GraphiQL's introspection query would otherwise cost more than any real query; it stays available.
        this.WithIntrospectionComplexityImpact(0);
    }
}
