using Backfill.Core.OpenSearch;
using Backfill.Local.OpenSearch.Rest;

namespace Backfill.Local.OpenSearch;

/// <summary>
/// <see cref="IOpenSearchTransport"/> straight into an <see cref="EmbeddedOpenSearch"/>: same routes, statuses and
/// faults as over HTTP, minus the sockets. Bulk results come back as structs, not JSON; an injected connection
/// reset surfaces as <see cref="OpenSearchUnreachableException"/> as the HTTP transport would report it. Gzip is
/// pointless in-process and ignored.
/// </summary>
public sealed class EmbeddedOpenSearchTransport(EmbeddedOpenSearch endpoint) : IOpenSearchTransport
{
    public string Endpoint => "embedded:" + endpoint.DataDirectory;

    public async Task<OpenSearchResponse> SendAsync(OpenSearchRequest request, CancellationToken cancellationToken = default)
    {
        var response = await endpoint.HandleAsync(RestRequest.Parse(request.Method, request.Path, request.Body), cancellationToken).ConfigureAwait(false);
        if (response.ResetConnection) throw Reset();
        return new OpenSearchResponse(response.Status, response.Body);
    }

    public async Task<BulkResponse> BulkAsync(BulkRequest request, CancellationToken cancellationToken = default)
    {
        var path = "/_bulk";
        var query = new List<string>(2);
        if (request.Pipeline is not null) query.Add("pipeline=" + Uri.EscapeDataString(request.Pipeline));
        if (request.Refresh is not null) query.Add("refresh=" + Uri.EscapeDataString(request.Refresh));
        if (query.Count > 0) path += "?" + string.Join('&', query);
        var response = await endpoint.HandleInProcessAsync(RestRequest.Parse("POST", path, request.Body), cancellationToken).ConfigureAwait(false);
        if (response.ResetConnection) throw Reset();
        if (response.Items is { } items)
        {
            if (items.Length != request.ItemCount)
                throw new OpenSearchProtocolException($"the bulk response has {items.Length} items for {request.ItemCount} actions sent");
            return new BulkResponse(response.Status, items) { BytesSent = request.Body.Length };
        }
        var (type, reason) = BulkResponseReader.ReadError(response.Body, response.Status);
        return BulkResponse.Failed(response.Status, type, reason) with { BytesSent = request.Body.Length };
    }

    private OpenSearchUnreachableException Reset() =>
        new(Endpoint, UnreachableKind.ConnectionReset, "connection reset (injected by the embedded endpoint's fault options)", new IOException("connection reset"));
}
