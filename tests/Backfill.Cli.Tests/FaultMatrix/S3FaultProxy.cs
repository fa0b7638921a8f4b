using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Backfill.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Backfill.Cli.Tests.FaultMatrix;

/// <summary>
/// A reverse proxy on 127.0.0.1 in front of s3rver that answers some object PUTs with 503 SlowDown and some GETs
/// with 500 InternalError (S3's XML error bodies), as S3 does under load, so the SDK has to retry them. Every
/// <see cref="FailEveryPut"/>-th PUT and <see cref="FailEveryGet"/>-th GET fails, up to <see cref="MaxFaults"/>
/// of each; a retry of the same request is the next one, so it gets through. The access key of the SigV4
/// header is replaced by s3rver's own (s3rver does not check signatures), whatever the process environment has.
/// </summary>
internal sealed partial class S3FaultProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly Uri _target;
    private int _puts, _gets, _failedPuts, _failedGets;

    private S3FaultProxy(WebApplication app, Uri target, int port)
    {
        _app = app;
        _target = target;
        Endpoint = $"http://127.0.0.1:{port}";
    }

    public string Endpoint { get; }
    public int FailEveryPut { get; init; } = 3;
    public int FailEveryGet { get; init; } = 3;
    public int MaxFaults { get; init; } = 12;
    public int FailedPuts => Volatile.Read(ref _failedPuts);
    public int FailedGets => Volatile.Read(ref _failedGets);
    public int Puts => Volatile.Read(ref _puts);
    public int Gets => Volatile.Read(ref _gets);

    public static async Task<S3FaultProxy> StartAsync(Uri target, int failEveryPut = 3, int failEveryGet = 3, int maxFaults = 12)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var proxy = new S3FaultProxy(app, target, port) { FailEveryPut = failEveryPut, FailEveryGet = failEveryGet, MaxFaults = maxFaults };
        app.Run(proxy.ForwardAsync);
        await app.StartAsync();
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Method == "PUT" && Interlocked.Increment(ref _puts) % FailEveryPut == 0 && TakeFault(ref _failedPuts))
        {
            await request.Body.CopyToAsync(Stream.Null); // S3 reads the body before it gives up
            await ErrorAsync(context, 503, "SlowDown", "Please reduce your request rate.");
            return;
        }
        if (request.Method == "GET" && Interlocked.Increment(ref _gets) % FailEveryGet == 0 && TakeFault(ref _failedGets))
        {
            await ErrorAsync(context, 500, "InternalError", "We encountered an internal error. Please try again.");
            return;
        }

        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_target, request.Path + request.QueryString));
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
            forward.Content = new StreamContent(request.Body);
        foreach (var (name, values) in request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase)) continue;
            var value = name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
                ? AccessKey().Replace(values.ToString(), "Credential=S3RVER/")
                : values.ToString();
            if (!forward.Headers.TryAddWithoutValidation(name, value)) forward.Content?.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _client.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                context.Response.Headers[name] = values.ToArray();
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private bool TakeFault(ref int used)
    {
        while (true)
        {
            var n = Volatile.Read(ref used);
            if (n >= MaxFaults) return false;
            if (Interlocked.CompareExchange(ref used, n + 1, n) == n) return true;
        }
    }

    private static async Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        var body = Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message><RequestId>FAULT{status}</RequestId><HostId>fault-proxy</HostId></Error>");
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/xml";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body);
    }

    [GeneratedRegex("Credential=[^/]+/")]
    private static partial Regex AccessKey();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _client.Dispose();
    }
}
