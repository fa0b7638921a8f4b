using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Backfill.Core.Errors;
using Backfill.Core.Ingest;
using Backfill.Core.OpenSearch;

namespace Backfill.Core.Sending;

/// <summary>
/// For <c>ingest: "client"</c>: fetches the pipeline the cluster has (<c>GET _ingest/pipeline/&lt;id&gt;</c>, put there by
/// PrepareOpenSearch) and compiles it once per process, so documents are shaped exactly as the server would shape
/// them, just on the sender's CPU.
/// </summary>
public sealed class ClientPipelineLoader
{
    private readonly ConcurrentDictionary<(string Endpoint, string Id), Lazy<Task<IngestPipeline>>> _cache = new();

    public Task<IngestPipeline> LoadAsync(IOpenSearchTransport transport, string id, CancellationToken cancellationToken = default) =>
        _cache.GetOrAdd((transport.Endpoint, id), key => new Lazy<Task<IngestPipeline>>(() => FetchAsync(transport, key.Id, cancellationToken))).Value;

    private static async Task<IngestPipeline> FetchAsync(IOpenSearchTransport transport, string id, CancellationToken cancellationToken)
    {
        var response = await transport.SendAsync(OpenSearchRequest.Get("_ingest/pipeline/" + Uri.EscapeDataString(id)), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 404)
            throw new BackfillException($"opensearch.pipeline \"{id}\" does not exist at {transport.Endpoint} (expected PrepareOpenSearch to have put it; ingest \"client\" runs the cluster's own definition)");
        if (!response.IsSuccess)
        {
            var (type, reason) = BulkResponseReader.ReadError(response.Body, response.StatusCode);
            throw new OpenSearchRequestRejectedException($"OpenSearch at {transport.Endpoint} answered GET _ingest/pipeline/{id} with {OpenSearchStatus.Describe(response.StatusCode)} {type}: {reason}", response.StatusCode);
        }
        using var json = JsonDocument.Parse(response.Body);
        if (!json.RootElement.TryGetProperty(id, out var definition))
            throw new OpenSearchProtocolException($"GET _ingest/pipeline/{id} at {transport.Endpoint} did not return the pipeline");
        return IngestPipeline.Parse(id, Encoding.UTF8.GetBytes(definition.GetRawText()));
    }
}
