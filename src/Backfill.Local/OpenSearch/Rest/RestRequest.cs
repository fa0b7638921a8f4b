namespace Backfill.Local.OpenSearch.Rest;

/// <summary>A REST call as the embedded endpoint sees it, whether it came over HTTP or in-process.</summary>
/// <param name="Path">The URL path, percent-encoded as sent (segments are decoded by the router).</param>
/// <param name="Body">The request body, already gunzipped.</param>
public sealed record RestRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, ReadOnlyMemory<byte> Body)
{
    public static RestRequest Parse(string method, string pathAndQuery, ReadOnlyMemory<byte> body = default)
    {
        var q = pathAndQuery.IndexOf('?');
        var path = q < 0 ? pathAndQuery : pathAndQuery[..q];
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        if (q >= 0)
        {
            foreach (var pair in pathAndQuery[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
                query[key] = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            }
        }
        return new RestRequest(method.ToUpperInvariant(), path.StartsWith('/') ? path : "/" + path, query, body);
    }

    public string? Param(string name) => Query.TryGetValue(name, out var v) ? v : null;

    /// <summary>A boolean flag as OpenSearch reads it: present without value, "true" or "" mean true.</summary>
    public bool Flag(string name) => Query.TryGetValue(name, out var v) && v is "" or "true";
}

/// <summary>
/// What to answer. <see cref="ResetConnection"/> asks the host to abort the connection instead (fault injection);
/// the in-process transport throws an <see cref="IOException"/> for it.
/// </summary>
public sealed record RestResponse(int Status, byte[] Body, string ContentType = "application/json; charset=UTF-8")
{
    public bool ResetConnection { get; init; }

    /// <summary>For in-process bulk calls: the item results without a JSON round trip.</summary>
    internal Backfill.Core.OpenSearch.BulkItemResult[]? Items { get; init; }

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}
