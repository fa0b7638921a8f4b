namespace Backfill.Local.OpenSearch.Rest;

/// <summary>An error the REST layer answers as OpenSearch would: <c>{"error":{"root_cause":[…],"type","reason"},"status"}</c>.</summary>
internal sealed class OpenSearchApiException(int status, string type, string reason, IReadOnlyDictionary<string, string>? extra = null)
    : Exception(reason)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string Reason { get; } = reason;

    /// <summary>Extra fields OpenSearch puts in the error object, e.g. "index" and "resource.type".</summary>
    public IReadOnlyDictionary<string, string>? Extra { get; } = extra;

    public static OpenSearchApiException IndexNotFound(string index) => new(404, "index_not_found_exception", $"no such index [{index}]",
        new Dictionary<string, string> { ["index"] = index, ["resource.type"] = "index_or_alias", ["resource.id"] = index, ["index_uuid"] = "_na_" });
}
