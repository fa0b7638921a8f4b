using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Backfill.Aws.Json;

/// <summary>
/// The transport under the typed clients: builds JSON 1.0 (POST / with X-Amz-Target) and REST-JSON requests,
/// signs them with SigV4 (<see cref="AwsClientOptions.CreateSigningHandler"/>), retries throttling, 5xx and network
/// failures with <see cref="AwsRetryPolicy"/>, and turns error responses into typed <see cref="AwsServiceException"/>s.
/// </summary>
public sealed class AwsJsonClient : IDisposable
{
    /// <summary>Per-request timeout when <see cref="AwsClientOptions.Timeout"/> is not set.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly TimeSpan _timeout;

    /// <param name="transport">The innermost handler (default: a new <see cref="SocketsHttpHandler"/>); signing wraps it.</param>
    public AwsJsonClient(AwsServiceInfo service, AwsClientOptions options, AwsRetryPolicy? retry = null, HttpMessageHandler? transport = null)
    {
        Service = service;
        Retry = retry ?? AwsRetryPolicy.For(options);
        _endpoint = options.ResolveEndpoint(service.EndpointPrefix);
        _timeout = options.Timeout ?? DefaultTimeout;
        // Timeouts are per attempt (below), so one long Lambda Invoke can have its own.
        _http = new HttpClient(options.CreateSigningHandler(service.SigningName, transport)) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("backfill", "1.0"));
    }

    public AwsServiceInfo Service { get; }

    public AwsRetryPolicy Retry { get; }

    /// <summary>The base URI requests go to.</summary>
    public Uri Endpoint => _endpoint;

    /// <summary>JSON 1.0: POST / with X-Amz-Target "{prefix}.{operation}" and the request serialized as the body.</summary>
    public async Task<TResponse> PostTargetAsync<TRequest, TResponse>(string operation, TRequest request, CancellationToken cancellationToken)
    {
        var target = Service.TargetPrefix ?? throw new InvalidOperationException($"{Service.DisplayName} is not a JSON 1.0 service");
        var body = JsonSerializer.SerializeToUtf8Bytes(request, Service.Json);
        var response = await SendAsync(operation, () =>
        {
            var message = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = JsonBody(body) };
            message.Headers.TryAddWithoutValidation("X-Amz-Target", target + "." + operation);
            return message;
        }, null, cancellationToken).ConfigureAwait(false);
        return Deserialize<TResponse>(operation, response.Body);
    }

    /// <summary>REST-JSON: <paramref name="method"/> on <paramref name="pathAndQuery"/> (already escaped) with an optional JSON body.</summary>
    public async Task<TResponse> SendRestAsync<TResponse>(string operation, HttpMethod method, string pathAndQuery, object? body, CancellationToken cancellationToken)
    {
        var response = await SendRestRawAsync(operation, method, pathAndQuery, body, null, cancellationToken).ConfigureAwait(false);
        return Deserialize<TResponse>(operation, response.Body);
    }

    /// <summary>REST-JSON, keeping the raw response (status, headers) for callers that need more than the body.</summary>
    public Task<AwsRawResponse> SendRestRawAsync(string operation, HttpMethod method, string pathAndQuery, object? body,
        Action<HttpRequestMessage>? customize, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var bytes = body switch
        {
            null => null,
            byte[] raw => raw,
            _ => JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), Service.Json),
        };
        return SendAsync(operation, () =>
        {
            var message = new HttpRequestMessage(method, Resolve(pathAndQuery));
            if (bytes is not null) message.Content = JsonBody(bytes);
            customize?.Invoke(message);
            return message;
        }, timeout, cancellationToken);
    }

    /// <summary>Sends with retries; returns a 2xx response or throws.</summary>
    public async Task<AwsRawResponse> SendAsync(string operation, Func<HttpRequestMessage> createRequest, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var last = attempt >= Retry.MaxAttempts;
            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptTimeout.CancelAfter(timeout ?? _timeout);
            try
            {
                using var request = createRequest();
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attemptTimeout.Token).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync(attemptTimeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode) return new AwsRawResponse(response.StatusCode, response.Headers, body);

                var details = AwsErrorParser.Parse(Service.DisplayName, operation, response.StatusCode, response.Headers, body);
                if (last || !AwsErrorCodes.IsRetryable(details.StatusCode, details.ErrorCode)) throw AwsErrorCodes.ToException(details);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsNetworkFailure(e))
            {
                if (last)
                    throw new AwsUnreachableException(
                        $"{Service.DisplayName} {operation}: could not get a response from {_endpoint.GetLeftPart(UriPartial.Authority)} after {attempt} attempt(s): {Describe(e)}", e);
            }
            await Retry.Delay(Retry.DelayBefore(attempt - 1), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The endpoint's base path (usually "/") joined with an already-escaped path and query.</summary>
    private Uri Resolve(string pathAndQuery) =>
        new(_endpoint.GetLeftPart(UriPartial.Authority) + _endpoint.AbsolutePath.TrimEnd('/') + "/" + pathAndQuery.TrimStart('/'));

    private static bool IsNetworkFailure(Exception e) => e is HttpRequestException or IOException or OperationCanceledException;

    private static string Describe(Exception e) => e is OperationCanceledException ? "the request timed out" : e.Message;

    private T Deserialize<T>(string operation, byte[] body)
    {
        try
        {
            var json = body.Length == 0 ? "{}"u8.ToArray() : body;
            return JsonSerializer.Deserialize<T>(json, Service.Json)
                   ?? throw new JsonException("the body was null");
        }
        catch (JsonException e)
        {
            throw new AwsServiceException(new AwsErrorDetails(Service.DisplayName, operation, HttpStatusCode.OK, "InvalidResponse",
                $"the response body is not the expected JSON ({e.Message})", null));
        }
    }

    private ByteArrayContent JsonBody(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(Service.JsonContentType);
        return content;
    }

    public void Dispose() => _http.Dispose();
}
