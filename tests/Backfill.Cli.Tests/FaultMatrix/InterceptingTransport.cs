using System.Text;
using System.Text.RegularExpressions;
using Backfill.Core.OpenSearch;

namespace Backfill.Cli.Tests.FaultMatrix;

/// <summary>
/// Wraps the run's OpenSearch transport and calls <see cref="BeforeBulk"/> with each _bulk request's first line
/// (source id and line number, read from its first "_id") before passing it on: the hook may throw (a killed
/// sender), advance a clock (slow requests), or count.
/// </summary>
internal sealed partial class InterceptingTransport(IOpenSearchTransport inner) : IOpenSearchTransport
{
    public Action<string, long>? BeforeBulk { get; set; }

    public string Endpoint => inner.Endpoint;

    public Task<OpenSearchResponse> SendAsync(OpenSearchRequest request, CancellationToken cancellationToken = default) => inner.SendAsync(request, cancellationToken);

    public Task<BulkResponse> BulkAsync(BulkRequest request, CancellationToken cancellationToken = default)
    {
        var match = FirstId().Match(Encoding.UTF8.GetString(request.Body.Span[..Math.Min(request.Body.Length, 4096)]));
        if (match.Success) BeforeBulk?.Invoke(match.Groups[1].Value, long.Parse(match.Groups[2].Value));
        return inner.BulkAsync(request, cancellationToken);
    }

    [GeneratedRegex("\"_id\":\"([0-9a-f]+)-([0-9]+)\"")]
    private static partial Regex FirstId();
}

/// <summary>What a sender "killed" mid-chunk throws (like a Lambda sandbox that died): not a retryable error.</summary>
internal sealed class SenderKilledException(string message) : Exception(message);
