using System.Net;
using System.Net.Http.Headers;

namespace Backfill.Aws.Json;

/// <summary>A successful (2xx) response, body read in full.</summary>
public sealed record AwsRawResponse(HttpStatusCode StatusCode, HttpResponseHeaders Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
