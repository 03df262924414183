using Ecosystem.Api.Auth;
using Ecosystem.Api.Caching;
using Ecosystem.Api.Changes;
using Ecosystem.Api.Errors;
using Ecosystem.Api.Explorer;
using Ecosystem.Api.Export;
using Ecosystem.Api.Health;
using Ecosystem.Api.Import;
using Ecosystem.Api.Reports;
using Ecosystem.Api.Http;
using Ecosystem.Api.Limits;
using Ecosystem.Api.Places;
using Ecosystem.Api.Reconcile;
using Ecosystem.Api.Observability;
using Ecosystem.Api.Store;

var builder = WebApplication.CreateBuilder(args);
var urls = builder.Configuration["urls"] ?? "http://localhost:5080";
builder.WebHost.UseUrls(builder.Configuration["Metrics:Url"] is { Length: > 0 } metricsUrl ? $"{urls};{metricsUrl}" : urls);
builder.AddEcosystemObservability();
builder.AddGraphStore();
builder.AddEcosystemGraphQL();
builder.AddEcosystemAuth();
builder.AddEcosystemRateLimits();
builder.Services.AddReconcile();
builder.Services.AddChangeFeed();

var app = builder.Build();
await app.OpenGraphStoreAsync();
app.UseCorrelation();
app.UseInternalErrors();
app.UseMetricsPort();
app.UseStoreAvailability();
app.UseEcosystemAuthentication();
app.UseRateLimiter();
app.UseAuthenticationFailures();
app.MapEcosystemGraphQL();
app.MapExport();
app.MapImport();
app.MapReports();
app.MapHealth();
app.MapGeo();
app.MapReconcile();
app.MapChanges();
app.MapExplorer();
await app.RunAsync();

/// <summary>The API host; public so integration tests can start it.</summary>
public partial class Program;
