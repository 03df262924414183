using Ecosystem.Api.Alliances;
using Ecosystem.Api.Clusters;
using Ecosystem.Api.Corridors;
using Ecosystem.Api.Firms;
using Ecosystem.Api.Localization;
using Ecosystem.Api.Nodes;
using Ecosystem.Api.Parks;
using Ecosystem.Api.Provinces;
using Ecosystem.Api.Regions;
using Ecosystem.Api.Search;
using Ecosystem.Api.Sectors;
using Ecosystem.Api.Sources;
using Ecosystem.Api.SupplyChains;
using GraphQL.Types;

namespace Ecosystem.Api.Schema;

/// <summary>The root of every query; each feature adds its own fields.</summary>
public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";
        Description = "Vietnam's industrial ecosystems: firms, parks, provinces, sectors, alliances and the supply links between firms, each fact with its source.";
        NodeQueries.AddTo(this);
        FirmQueries.AddTo(this);
        Firms.DuplicateFirmQueries.AddTo(this);
        ParkQueries.AddTo(this);
        ProvinceQueries.AddTo(this);
        Places.WardQueries.AddTo(this);
        Places.ProvinceMapQueries.AddTo(this);
        RegionQueries.AddTo(this);
        SectorQueries.AddTo(this);
        Products.ProductQueries.AddTo(this);
        Sourcing.SourcingQueries.AddTo(this);
        Sourcing.ProductGapQueries.AddTo(this);
        Sources.ReportedFigureQueries.AddTo(this);
        AllianceQueries.AddTo(this);
        CorridorQueries.AddTo(this);
        SourceQueries.AddTo(this);
        SearchQueries.AddTo(this);
        SupplyChainQueries.AddTo(this);
        SupplyChainQueries.AddAnalysesTo(this);
        ClusterQueries.AddTo(this);
        LocalizationQueries.AddTo(this);
        Audit.AuditQueries.AddTo(this);
        Changes.ChangeQueries.AddTo(this);
        Webhooks.WebhookFields.AddQueries(this);
    }
}
