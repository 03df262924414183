using System.Text.Json.Nodes;
using Ecosystem.Api.Auth;
using Ecosystem.Tests.Api;

namespace Ecosystem.Tests.Support;

/// <summary>Firms and links an editor adds in Hải Phòng for the disclosure tests, and the errors of an answer by path.</summary>
public static class EditorFixtures
{
    /// <summary>A Vietnamese firm in Hải Phòng: a lead firm of 26400, else a supporting-industry firm of 22190.</summary>
    public static async Task AddFirmAsync(this EcosystemApiFactory api, string id, string? park, string role, string source)
    {
        var input = new JsonObject
        {
            ["id"] = id, ["name"] = $"Công ty {id} (test)", ["country"] = "VN", ["province"] = "Hải Phòng",
            ["sectors"] = new JsonArray(role == "LEAD_FIRM" ? "26400" : "22190"), ["roles"] = new JsonArray(role), ["sources"] = new JsonArray(source),
        };
        if (park is not null)
        {
            input["park"] = park;
        }
        await api.DataAsAsync(Role.Editor, "mutation($input: UpsertFirmInput!) { upsertFirm(input: $input) { firm { id } } }", new { input });
    }

    /// <summary>A link of sector 22190 valid from 2026-01-01, cited to the source.</summary>
    public static Task<JsonNode> AddLinkAsync(this EcosystemApiFactory api, string supplier, string buyer, double value, string product, string source) =>
        api.DataAsAsync(Role.Editor, "mutation($input: AddSupplyLinkInput!) { addSupplyLink(input: $input) { link { id } } }",
            new { input = new { supplier, buyer, sector = "22190", product, valueUsd = value, since = "2026-01-01", sources = new[] { source } } });

    /// <summary>Each error of an answer as "CODE: reason", by its path joined with dots.</summary>
    public static Dictionary<string, string> CodesByPath(JsonObject result) =>
        (result["errors"]?.AsArray() ?? []).ToDictionary(
            e => string.Join('.', e!["path"]!.AsArray().Select(p => p!.ToString())),
            e => $"{e!["extensions"]!["code"]}: {e["extensions"]!["reason"]}");
}
