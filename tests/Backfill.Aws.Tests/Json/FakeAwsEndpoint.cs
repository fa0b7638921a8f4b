using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Backfill.Aws.Json;
using Backfill.Aws.Tests.Signing;
using Backfill.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Backfill.Aws.Tests.Json;

/// <summary>
/// A Kestrel endpoint on 127.0.0.1 that plays an AWS JSON service: it records every request exactly as it arrived
/// (raw path and query, headers, body bytes), verifies its SigV4 signature with <see cref="IndependentSigV4"/>
/// (answering 403 InvalidSignatureException like AWS when it does not match), and answers with what the test's
/// responder returns.
/// </summary>
public sealed class FakeAwsEndpoint : IAsyncDisposable
{
    public const string AccessKey = "AKIDFAKEAWSENDPOINT";
    public const string SecretKey = "fake/endpoint+secret/KEY";
    public const string Region = "eu-west-1";

    private readonly WebApplication _app;
    private readonly List<AwsCall> _calls = [];

    private FakeAwsEndpoint(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public IReadOnlyList<AwsCall> Calls
    {
        get { lock (_calls) return _calls.ToList(); }
    }

    public AwsCall SingleCall() => Assert.Single(Calls);

    /// <summary>Client options pointing at this endpoint with the fake's credentials.</summary>
    public AwsClientOptions ClientOptions(int maxErrorRetry = 3) => new()
    {
        EndpointUrl = BaseUri,
        Region = Region,
        Credentials = new BasicAWSCredentials(AccessKey, SecretKey),
        MaxErrorRetry = maxErrorRetry,
    };

    /// <summary>A retry policy that records its delays instead of sleeping.</summary>
    public static AwsRetryPolicy RecordingRetry(List<TimeSpan> delays, int maxAttempts = 4) => new()
    {
        MaxAttempts = maxAttempts,
        Delay = (delay, _) =>
        {
            lock (delays) delays.Add(delay);
            return Task.CompletedTask;
        },
        Random = () => 0.5,
    };

    public static async Task<FakeAwsEndpoint> StartAsync(Func<AwsCall, AwsReply> respond)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var endpoint = new FakeAwsEndpoint(app, new Uri($"http://127.0.0.1:{port}/"));
        app.Run(context => endpoint.HandleAsync(context, respond));
        await app.StartAsync();
        return endpoint;
    }

    private async Task HandleAsync(HttpContext context, Func<AwsCall, AwsReply> respond)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var question = rawTarget.IndexOf('?');
        var headers = context.Request.Headers.SelectMany(h => h.Value.Select(v => (h.Key, v ?? ""))).ToList();
        var call = new AwsCall(context.Request.Method, question < 0 ? rawTarget : rawTarget[..question],
            question < 0 ? "" : rawTarget[(question + 1)..], headers, body.ToArray());
        call.SignatureProblem = VerifySignature(call);
        lock (_calls) _calls.Add(call);

        var reply = call.SignatureProblem is null
            ? respond(call)
            : AwsReply.Error(HttpStatusCode.Forbidden, "InvalidSignatureException", call.SignatureProblem);
        context.Response.StatusCode = (int)reply.Status;
        foreach (var (name, value) in reply.Headers) context.Response.Headers[name] = value;
        context.Response.Headers["x-amzn-RequestId"] = call.RequestId;
        if (reply.Body is { } bytes)
        {
            context.Response.ContentType = reply.ContentType;
            await context.Response.Body.WriteAsync(bytes);
        }
    }

    private static string? VerifySignature(AwsCall call)
    {
        var authorization = call.Header("Authorization");
        if (authorization is null) return "no Authorization header";
        const string prefix = "AWS4-HMAC-SHA256 Credential=";
        if (!authorization.StartsWith(prefix, StringComparison.Ordinal)) return "Authorization is not AWS4-HMAC-SHA256";
        var parts = authorization[prefix.Length..].Split(", ");
        var scope = parts[0].Split('/');
        if (scope.Length != 5 || scope[0] != AccessKey || scope[2] != Region || scope[4] != "aws4_request")
            return $"unexpected credential scope {parts[0]}";
        call.SigningService = scope[3];
        var signedHeaders = parts.Single(p => p.StartsWith("SignedHeaders=", StringComparison.Ordinal))["SignedHeaders=".Length..].Split(';');
        var signature = parts.Single(p => p.StartsWith("Signature=", StringComparison.Ordinal))["Signature=".Length..];
        var amzDate = call.Header("X-Amz-Date");
        if (amzDate is null) return "no X-Amz-Date";
        if (amzDate[..8] != scope[1]) return "X-Amz-Date does not match the credential scope date";
        foreach (var required in new[] { "host", "x-amz-date" })
            if (!signedHeaders.Contains(required)) return $"{required} is not signed";
        var missing = signedHeaders.FirstOrDefault(h => call.Header(h) is null);
        if (missing is not null) return $"signed header {missing} was not received";
        var expected = IndependentSigV4.Signature(SecretKey, Region, scope[3], amzDate, call.Method, call.Path, call.Query,
            signedHeaders.Select(h => (h, call.Header(h)!)), call.Body);
        return expected == signature ? null : "The request signature we calculated does not match the signature you provided.";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One request as the fake endpoint received it.</summary>
public sealed record AwsCall(string Method, string Path, string Query, List<(string Name, string Value)> Headers, byte[] Body)
{
    public string RequestId { get; } = Guid.NewGuid().ToString();

    /// <summary>Null when the signature matched the independent computation.</summary>
    public string? SignatureProblem { get; set; }

    /// <summary>The service name in the credential scope, e.g. "states".</summary>
    public string? SigningService { get; set; }

    public string? Header(string name) =>
        Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public string? Target => Header("X-Amz-Target");

    public string? ContentType => Header("Content-Type");

    public string BodyText => Encoding.UTF8.GetString(Body);

    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    /// <summary>The query's name=value pairs, still percent-encoded as sent.</summary>
    public Dictionary<string, string> QueryPairs =>
        Query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
}

/// <summary>What the fake endpoint answers.</summary>
public sealed record AwsReply(HttpStatusCode Status, byte[]? Body, string ContentType = "application/x-amz-json-1.0")
{
    public List<(string Name, string Value)> Headers { get; init; } = [];

    public static AwsReply Json(string json, HttpStatusCode status = HttpStatusCode.OK, string contentType = "application/x-amz-json-1.0") =>
        new(status, Encoding.UTF8.GetBytes(json), contentType);

    public static AwsReply Json(JsonNode json, HttpStatusCode status = HttpStatusCode.OK, string contentType = "application/x-amz-json-1.0") =>
        Json(json.ToJsonString(), status, contentType);

    /// <summary>A JSON 1.0 error: the code in "__type" (with a namespace prefix, as Step Functions sends it).</summary>
    public static AwsReply Error(HttpStatusCode status, string code, string message) =>
        Json(new JsonObject { ["__type"] = "com.amazonaws.swf.service.v2.model#" + code, ["message"] = message }, status);

    /// <summary>A REST-JSON error: the code in x-amzn-ErrorType (with a URL suffix, as Lambda sends it).</summary>
    public static AwsReply RestError(HttpStatusCode status, string code, string message) =>
        Json(new JsonObject { ["Type"] = "User", ["Message"] = message }, status, "application/json") with
        {
            Headers = [("x-amzn-ErrorType", code + ":http://internal.amazon.com/coral/com.amazonaws.awsgirafferestservice/")],
        };
}
