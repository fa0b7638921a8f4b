using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Backfill.Core.OpenSearch;

namespace Backfill.Cli.Tests.Local;

/// <summary>
/// Wraps the real transport: counts _bulk requests per chunk (found from the documents' ids, "{sourceId}-{line}")
/// and answers 503 to every request carrying lines of a chunk that is set to fail, or to the next few requests of a
/// chunk given a count in <see cref="FailNext"/>.
/// </summary>
internal sealed partial class ChunkFaultTransport(IOpenSearchTransport inner, Func<string, long, string?> chunkOfLine) : IOpenSearchTransport
{
    public ConcurrentDictionary<string, int> RequestsPerChunk { get; } = new();
    public ConcurrentDictionary<string, bool> FailingChunks { get; } = new();
    /// <summary>Chunk key → how many more of its requests to answer with 503.</summary>
    public ConcurrentDictionary<string, int> FailNext { get; } = new();

    public string Endpoint => inner.Endpoint;

    public Task<OpenSearchResponse> SendAsync(OpenSearchRequest request, CancellationToken cancellationToken = default) => inner.SendAsync(request, cancellationToken);

    public Task<BulkResponse> BulkAsync(BulkRequest request, CancellationToken cancellationToken = default)
    {
        var match = FirstId().Match(Encoding.UTF8.GetString(request.Body.Span[..Math.Min(request.Body.Length, 4096)]));
        var chunk = match.Success ? chunkOfLine(match.Groups[1].Value, long.Parse(match.Groups[2].Value)) : null;
        if (chunk is not null)
        {
            RequestsPerChunk.AddOrUpdate(chunk, 1, (_, n) => n + 1);
            if (FailingChunks.ContainsKey(chunk) || TakeFailure(chunk))
                return Task.FromResult(BulkResponse.Failed(503, "unavailable_shards_exception", "injected by the test"));
        }
        return inner.BulkAsync(request, cancellationToken);
    }

    private bool TakeFailure(string chunk)
    {
        while (FailNext.TryGetValue(chunk, out var left) && left > 0)
            if (FailNext.TryUpdate(chunk, left - 1, left)) return true;
        return false;
    }

    [GeneratedRegex("\"_id\":\"([0-9a-f]+)-([0-9]+)\"")]
    private static partial Regex FirstId();
}
