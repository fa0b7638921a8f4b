using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Backfill.Functions.Runtime;

/// <summary>
/// The Lambda Runtime API (version 2018-06-01) at http://$AWS_LAMBDA_RUNTIME_API: fetch the next invocation, post
/// its response or error, post an init error. One connection, reused; no timeout on /next, which blocks while the
/// sandbox is frozen between invocations.
/// </summary>
public sealed class RuntimeApiClient : IDisposable
{
    public const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";

    private readonly HttpClient _http;

    /// <param name="hostAndPort">The value of AWS_LAMBDA_RUNTIME_API, e.g. "127.0.0.1:9001".</param>
    public RuntimeApiClient(string hostAndPort, HttpMessageHandler? handler = null)
    {
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan }, disposeHandler: true)
        {
            BaseAddress = new Uri($"http://{hostAndPort}/2018-06-01/runtime/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("backfill-runtime", "1.0"));
    }

    /// <summary>Blocks until Lambda has an event for this sandbox.</summary>
    public async Task<RuntimeInvocation> NextAsync(CancellationToken cancellationToken)
    {
        using var response = await Send(() => new HttpRequestMessage(HttpMethod.Get, "invocation/next"), "invocation/next", cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var requestId = Header(response, "Lambda-Runtime-Aws-Request-Id")
                        ?? throw new RuntimeApiException("invocation/next answered without a Lambda-Runtime-Aws-Request-Id header");
        var deadlineText = Header(response, "Lambda-Runtime-Deadline-Ms");
        if (!long.TryParse(deadlineText, NumberStyles.None, CultureInfo.InvariantCulture, out var deadlineMs))
            throw new RuntimeApiException($"invocation/next answered with Lambda-Runtime-Deadline-Ms \"{deadlineText}\" (expected epoch milliseconds)");
        return new RuntimeInvocation(requestId, DateTimeOffset.FromUnixTimeMilliseconds(deadlineMs),
            Header(response, "Lambda-Runtime-Invoked-Function-Arn"), Header(response, "Lambda-Runtime-Trace-Id"), body);
    }

    /// <summary>Posts the result. False when Lambda refused it as too large (413): post an error instead.</summary>
    public async Task<bool> PostResponseAsync(string requestId, byte[] body, CancellationToken cancellationToken)
    {
        var path = $"invocation/{Uri.EscapeDataString(requestId)}/response";
        using var response = await Send(() => new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) }, path, cancellationToken,
            accept: HttpStatusCode.RequestEntityTooLarge).ConfigureAwait(false);
        return response.StatusCode != HttpStatusCode.RequestEntityTooLarge;
    }

    public Task PostErrorAsync(string requestId, FunctionError error, CancellationToken cancellationToken) =>
        SendErrorAsync($"invocation/{Uri.EscapeDataString(requestId)}/error", error, cancellationToken);

    /// <summary>Reports a failure before the first invocation (e.g. an unknown _HANDLER); the runtime should then exit.</summary>
    public Task PostInitErrorAsync(FunctionError error, CancellationToken cancellationToken) =>
        SendErrorAsync("init/error", error, cancellationToken);

    private async Task SendErrorAsync(string path, FunctionError error, CancellationToken cancellationToken)
    {
        using var response = await Send(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(error.ToJson()) };
            request.Headers.TryAddWithoutValidation(ErrorTypeHeader, error.ErrorType);
            return request;
        }, path, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> Send(Func<HttpRequestMessage> create, string what, CancellationToken cancellationToken, HttpStatusCode? accept = null)
    {
        HttpResponseMessage response;
        try
        {
            using var request = create();
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new RuntimeApiException($"the Runtime API could not be reached for {what}: {e.Message}", e);
        }
        if (response.IsSuccessStatusCode || response.StatusCode == accept) return response;
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        response.Dispose();
        throw new RuntimeApiException($"the Runtime API answered {(int)response.StatusCode} to {what}: {text}");
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    public void Dispose() => _http.Dispose();
}
