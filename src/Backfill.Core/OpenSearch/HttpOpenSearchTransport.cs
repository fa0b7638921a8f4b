using System.Buffers;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Backfill.Core.OpenSearch;

/// <summary>
/// <see cref="IOpenSearchTransport"/> over HTTP(S) with one pooled <see cref="HttpClient"/>. Authentication is the
/// handler chain's business (<see cref="OpenSearchTransportFactory"/> builds it: basic auth, or the SigV4 handler
/// the AWS composition root supplies), so this class never sees a secret. Gzip bodies are compressed here, after the
/// sender has bounded the uncompressed size; a signing handler further down the chain signs the compressed bytes.
/// </summary>
public sealed class HttpOpenSearchTransport : IOpenSearchTransport, IDisposable
{
    private static readonly MediaTypeHeaderValue Ndjson = new("application/x-ndjson");
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _client;
    private readonly Uri _base;

    /// <param name="endpoint">Base URL; a path (e.g. behind a proxy) is kept. Credentials in the URL are not allowed.</param>
    /// <param name="handler">The innermost-to-outermost chain ending in a <see cref="SocketsHttpHandler"/>; null for a default one.</param>
    public HttpOpenSearchTransport(Uri endpoint, HttpMessageHandler? handler = null, TimeSpan? timeout = null)
    {
        if (!string.IsNullOrEmpty(endpoint.UserInfo))
            throw new Errors.BackfillException($"opensearch.endpoint must not carry credentials in the URL (use opensearch.auth with a passwordRef); endpoint: {Redact(endpoint)}");
        var text = endpoint.GetLeftPart(UriPartial.Path);
        _base = new Uri(text.EndsWith('/') ? text : text + "/");
        Endpoint = _base.GetLeftPart(UriPartial.Path).TrimEnd('/');
        _client = new HttpClient(handler ?? CreateDefaultHandler(), disposeHandler: true)
        {
            Timeout = timeout ?? TimeSpan.FromSeconds(120),
        };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("backfill", "1.0"));
    }

    public string Endpoint { get; }

    /// <summary>The response fields the sender needs from a bulk request.</summary>
    public const string BulkFilterPath = "errors,items.*.status,items.*.result,items.*.error";

    /// <summary>Connection pooling with a bounded lifetime (DNS changes of managed clusters), responses decompressed.</summary>
    public static SocketsHttpHandler CreateDefaultHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        ConnectTimeout = TimeSpan.FromSeconds(15),
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        MaxConnectionsPerServer = 64,
    };

    public async Task<OpenSearchResponse> SendAsync(OpenSearchRequest request, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_base, request.Path.TrimStart('/')));
        if (!request.Body.IsEmpty || request.Method is "PUT" or "POST")
        {
            message.Content = new ReadOnlyMemoryContent(request.Body);
            message.Content.Headers.ContentType = request.ContentType == "application/json" ? Json : new MediaTypeHeaderValue(request.ContentType);
        }
        using var response = await SendCoreAsync(message, cancellationToken).ConfigureAwait(false);
        var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        return new OpenSearchResponse((int)response.StatusCode, body, RetryAfter(response));
    }

    public async Task<BulkResponse> BulkAsync(BulkRequest request, CancellationToken cancellationToken = default)
    {
        // filter_path keeps the response to what the sender reads (≈ 6x smaller for successful items).
        var path = "_bulk";
        var query = new List<string>(3) { "filter_path=" + Uri.EscapeDataString(BulkFilterPath) };
        if (request.Pipeline is not null) query.Add("pipeline=" + Uri.EscapeDataString(request.Pipeline));
        if (request.Refresh is not null) query.Add("refresh=" + Uri.EscapeDataString(request.Refresh));
        path += "?" + string.Join('&', query);

        byte[]? rented = null;
        try
        {
            ReadOnlyMemory<byte> body = request.Body;
            if (request.Gzip)
            {
                (rented, var length) = Gzip(request.Body.Span);
                body = rented.AsMemory(0, length);
            }
            using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_base, path));
            message.Content = new ReadOnlyMemoryContent(body);
            message.Content.Headers.ContentType = Ndjson;
            if (request.Gzip) message.Content.Headers.ContentEncoding.Add("gzip");
            using var response = await SendCoreAsync(message, cancellationToken).ConfigureAwait(false);
            var bytes = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
                return new BulkResponse(status, BulkResponseReader.ReadItems(bytes, request.ItemCount)) { BytesSent = body.Length };
            var (type, reason) = BulkResponseReader.ReadError(bytes, status);
            return BulkResponse.Failed(status, type, reason, RetryAfter(response)) with { BytesSent = body.Length };
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private async Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OpenSearchUnreachableException(Endpoint, UnreachableKind.Timeout, $"no answer to {message.Method} within {_client.Timeout.TotalSeconds:0} s", e);
        }
        catch (HttpRequestException e)
        {
            throw Classify(e);
        }
    }

    private async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OpenSearchUnreachableException(Endpoint, UnreachableKind.Timeout, "the response did not arrive in time", e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new OpenSearchUnreachableException(Endpoint, UnreachableKind.ConnectionReset, "the connection broke while reading the response", e);
        }
    }

    private OpenSearchUnreachableException Classify(HttpRequestException e)
    {
        var socket = FindInner<SocketException>(e);
        var kind = socket?.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => UnreachableKind.ConnectionRefused,
            SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => UnreachableKind.ConnectionReset,
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => UnreachableKind.UnknownHost,
            SocketError.TimedOut => UnreachableKind.Timeout,
            _ => e.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => UnreachableKind.UnknownHost,
                HttpRequestError.ConnectionError => UnreachableKind.ConnectionRefused,
                HttpRequestError.SecureConnectionError => UnreachableKind.Tls,
                HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse => UnreachableKind.ConnectionReset,
                _ => FindInner<IOException>(e) is not null ? UnreachableKind.ConnectionReset
                    : FindInner<AuthenticationException>(e) is not null ? UnreachableKind.Tls : UnreachableKind.Other,
            },
        };
        // Messages of inner exceptions may quote the URL; ours names the endpoint only.
        return new OpenSearchUnreachableException(Endpoint, kind, e.HttpRequestError.ToString(), e);
    }

    private static T? FindInner<T>(Exception e) where T : Exception
    {
        for (var x = e.InnerException; x is not null; x = x.InnerException)
            if (x is T t) return t;
        return null;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - DateTimeOffset.UtcNow;
        return null;
    }

    /// <summary>Compresses into a pooled array (the caller returns it) at the fastest level: CPU, not ratio, limits a sender.</summary>
    internal static (byte[] Buffer, int Length) Gzip(ReadOnlySpan<byte> body)
    {
        var output = new PooledBufferStream(body.Length / 4 + 1024);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(body);
        return output.Detach();
    }

    public static string Redact(Uri uri) => new UriBuilder(uri) { UserName = "", Password = "", Query = "" }.Uri.GetLeftPart(UriPartial.Path);

    public void Dispose() => _client.Dispose();
}
