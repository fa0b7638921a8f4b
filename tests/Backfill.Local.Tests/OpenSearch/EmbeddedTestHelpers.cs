using System.Text;
using System.Text.Json;
using Backfill.Local.OpenSearch;
using Backfill.Local.OpenSearch.Rest;

namespace Backfill.Local.Tests.OpenSearch;

internal static class EmbeddedTestHelpers
{
    public static async Task<(int Status, JsonElement Json)> CallAsync(this EmbeddedOpenSearch endpoint, string method, string path, string? body = null)
    {
        var response = await endpoint.HandleAsync(RestRequest.Parse(method, path, body is null ? default : Encoding.UTF8.GetBytes(body)));
        var json = response.Body.Length == 0 ? default : JsonDocument.Parse(response.Body).RootElement.Clone();
        return (response.Status, json);
    }

    public static async Task<string> CallTextAsync(this EmbeddedOpenSearch endpoint, string method, string path)
    {
        var response = await endpoint.HandleAsync(RestRequest.Parse(method, path));
        return response.BodyText;
    }

    public static string Ndjson(params string[] lines) => string.Join("\n", lines) + "\n";
}
