namespace Backfill.Core.OpenSearch;

/// <summary>
/// How the sender and the setup step talk to an OpenSearch-compatible endpoint: over HTTP
/// (<see cref="HttpOpenSearchTransport"/>) or in-process to the embedded endpoint (Backfill.Local). Bulk requests
/// have their own method so the in-process endpoint can answer with item results directly, without a JSON round trip.
/// Failures to reach the endpoint are thrown as <see cref="OpenSearchUnreachableException"/>; HTTP error statuses are
/// returned, not thrown.
/// </summary>
public interface IOpenSearchTransport
{
    /// <summary>The endpoint as it may be printed: scheme, host, port and path, never credentials.</summary>
    string Endpoint { get; }

    /// <summary>Sends one REST request (e.g. <c>PUT _ingest/pipeline/x</c>) and returns status and body.</summary>
    Task<OpenSearchResponse> SendAsync(OpenSearchRequest request, CancellationToken cancellationToken = default);

    /// <summary>Sends one <c>_bulk</c> request and returns the per-item results in request order.</summary>
    Task<BulkResponse> BulkAsync(BulkRequest request, CancellationToken cancellationToken = default);
}
