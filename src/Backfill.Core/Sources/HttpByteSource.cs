using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Backfill.Core.Sources;

/// <summary>
/// An http(s) URL fetched with GET. Resumes send <c>Range: bytes=N-</c> with <c>If-Range</c> carrying the first
/// response's strong ETag (or its Last-Modified), so a server whose object changed answers 200 with the new object
/// rather than splicing two versions; <see cref="ResumingStream"/> then sees the new validator and stops.
/// The <see cref="HttpClient"/> must not decompress: we want the archive's raw gzip bytes.
/// </summary>
public sealed class HttpByteSource : IByteSource
{
    private const int ErrorExcerptBytes = 300;
    private readonly HttpClient _client;
    private readonly AuthenticationHeaderValue? _authorization;
    private string? _ifRange;
    private string? _firstETag;
    private DateTimeOffset? _firstLastModified;
    private bool _opened;

    public HttpByteSource(Uri uri, HttpClient client, string displayUrl, SourceCredentials? credentials = null)
    {
        Uri = uri;
        _client = client;
        DisplayUrl = displayUrl;
        if (credentials is not null)
            _authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials.UserName + ":" + credentials.Password)));
    }

    /// <summary>The request URI: no userinfo (credentials travel in the Authorization header), but possibly a signed query.</summary>
    public Uri Uri { get; }

    public string DisplayUrl { get; }

    public async Task<SourceOpening> OpenAsync(long offset, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Uri);
        request.Headers.Authorization = _authorization;
        if (offset > 0)
        {
            request.Headers.Range = new RangeHeaderValue(offset, null);
            if (_ifRange is not null) request.Headers.TryAddWithoutValidation("If-Range", _ifRange);
        }
        var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        try
        {
            var opening = response.StatusCode switch
            {
                HttpStatusCode.OK => await OpenFullAsync(response, offset, cancellationToken).ConfigureAwait(false),
                HttpStatusCode.PartialContent when offset > 0 => await OpenPartialAsync(response, offset, cancellationToken).ConfigureAwait(false),
                HttpStatusCode.RequestedRangeNotSatisfiable when offset > 0 => NothingLeft(response),
                _ => throw await RefusalAsync(response, cancellationToken).ConfigureAwait(false),
            };
            Remember(response);
            return opening;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task<SourceOpening> OpenFullAsync(HttpResponseMessage response, long offset, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var opening = new SourceOpening(stream, response.Content.Headers.ContentLength, ETagOf(response), response.Content.Headers.LastModified);
        // A 200 to a ranged request means either the object changed (If-Range did not match; the new validators
        // tell ResumingStream, which refuses to splice versions) or the server ignores Range. In the second case the
        // body starts at byte 0 again, so we read and throw away the first `offset` bytes to line up with the caller.
        if (offset > 0 && SameVersion(opening)) await SkipAsync(stream, offset, cancellationToken).ConfigureAwait(false);
        return opening;
    }

    private async Task<SourceOpening> OpenPartialAsync(HttpResponseMessage response, long offset, CancellationToken cancellationToken)
    {
        var range = response.Content.Headers.ContentRange;
        if (range?.From is long from && from != offset)
            throw new SourceUnavailableException(DisplayUrl, $"asked for bytes {offset}- but the server sent Content-Range: {range}");
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return new SourceOpening(stream, range?.Length, ETagOf(response), response.Content.Headers.LastModified);
    }

    /// <summary>416 to <c>bytes=N-</c>: the object is now at most N bytes long; its current length (bytes */L) tells ResumingStream.</summary>
    private static SourceOpening NothingLeft(HttpResponseMessage response)
    {
        var opening = new SourceOpening(Stream.Null, response.Content.Headers.ContentRange?.Length, ETagOf(response), response.Content.Headers.LastModified);
        response.Dispose();
        return opening;
    }

    private bool SameVersion(SourceOpening opening) =>
        (_firstETag is null || opening.ETag is null || _firstETag == opening.ETag) &&
        (_firstLastModified is null || opening.LastModified is null || _firstLastModified == opening.LastModified);

    private void Remember(HttpResponseMessage response)
    {
        if (_opened) return;
        _opened = true;
        _firstETag = ETagOf(response);
        _firstLastModified = response.Content.Headers.LastModified;
        // If-Range takes a strong ETag only (RFC 9110 §13.1.5); otherwise fall back to the Last-Modified date.
        if (response.Headers.ETag is { IsWeak: false } etag) _ifRange = etag.Tag;
        else if (response.Content.Headers.LastModified is DateTimeOffset modified) _ifRange = modified.ToString("R");
    }

    private static string? ETagOf(HttpResponseMessage response) => response.Headers.ETag?.ToString();

    private static async Task SkipAsync(Stream stream, long count, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            while (count > 0)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken).ConfigureAwait(false);
                if (read == 0) return; // shorter than before: ResumingStream notices the early end
                count -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The exception for a status we cannot use: transient for 408/429/5xx, permanent otherwise (401, 403, 404…).</summary>
    private async Task<Exception> RefusalAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var reply = $"GET returned {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
        if (TransientFailure.IsTransientStatus(response.StatusCode)) return new SourceTransientException(reply);
        var excerpt = await ExcerptAsync(response, cancellationToken).ConfigureAwait(false);
        return new SourceUnavailableException(DisplayUrl, excerpt.Length > 0 ? $"{reply}: {excerpt}" : reply);
    }

    /// <summary>The start of a textual error body (S3's XML names the error code), on one line.</summary>
    private static async Task<string> ExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        if (!(mediaType.StartsWith("text/", StringComparison.Ordinal) || mediaType.EndsWith("xml", StringComparison.Ordinal) || mediaType.EndsWith("json", StringComparison.Ordinal)))
            return "";
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[ErrorExcerptBytes];
            var length = 0;
            for (int read; length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0;)
                length += read;
            var text = Encoding.UTF8.GetString(buffer, 0, length);
            return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return "";
        }
    }
}
