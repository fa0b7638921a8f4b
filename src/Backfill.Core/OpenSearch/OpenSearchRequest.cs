namespace Backfill.Core.OpenSearch;

/// <summary>One REST request. <see cref="Path"/> is relative to the endpoint and may carry a query (<c>_count?q=x</c>).</summary>
public sealed record OpenSearchRequest(string Method, string Path, ReadOnlyMemory<byte> Body = default, string ContentType = "application/json")
{
    public static OpenSearchRequest Get(string path) => new("GET", path);
    public static OpenSearchRequest Put(string path, ReadOnlyMemory<byte> json) => new("PUT", path, json);
    public static OpenSearchRequest Post(string path, ReadOnlyMemory<byte> json) => new("POST", path, json);

    public override string ToString() => $"{Method} {Path}";
}

/// <summary>Status code and body of a REST response.</summary>
public sealed record OpenSearchResponse(int StatusCode, byte[] Body, TimeSpan? RetryAfter = null)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}
