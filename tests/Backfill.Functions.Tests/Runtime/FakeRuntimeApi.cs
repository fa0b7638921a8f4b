using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Backfill.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Backfill.Functions.Tests.Runtime;

/// <summary>
/// A local Lambda Runtime API (2018-06-01) on 127.0.0.1: hands out queued events on /invocation/next (blocking while
/// none are queued, as Lambda does), and records what the runtime posts back to /response, /error and /init/error,
/// checking the paths, methods and the error-type header on the way.
/// </summary>
public sealed class FakeRuntimeApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<QueuedEvent> _events = Channel.CreateUnbounded<QueuedEvent>();
    private readonly ConcurrentQueue<Posted> _posted = new();
    private readonly SemaphoreSlim _postedSignal = new(0);

    public sealed record QueuedEvent(string RequestId, string Body, DateTimeOffset Deadline, string? TraceId, int ResponseStatus);

    /// <param name="Kind">"response", "error" or "init-error".</param>
    public sealed record Posted(string Kind, string? RequestId, string? ErrorTypeHeader, string? ContentType, byte[] Body)
    {
        public string Text => Encoding.UTF8.GetString(Body);
        public JsonNode? Json => JsonNode.Parse(Body);
    }

    private FakeRuntimeApi(WebApplication app, string hostAndPort)
    {
        _app = app;
        HostAndPort = hostAndPort;
    }

    /// <summary>The AWS_LAMBDA_RUNTIME_API value.</summary>
    public string HostAndPort { get; }

    /// <summary>Protocol problems seen (wrong path or method): a test fails if any.</summary>
    public ConcurrentQueue<string> Problems { get; } = new();

    public int NextCalls;

    public static async Task<FakeRuntimeApi> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var api = new FakeRuntimeApi(app, $"127.0.0.1:{port}");
        app.Run(api.HandleAsync);
        await app.StartAsync();
        return api;
    }

    /// <summary>Queues an event; <paramref name="responseStatus"/> is what /response answers (413 to refuse it as too large).</summary>
    public string Enqueue(string body, TimeSpan timeRemaining, string? traceId = null, int responseStatus = 202)
    {
        var id = Guid.NewGuid().ToString();
        var queued = new QueuedEvent(id, body, DateTimeOffset.UtcNow + timeRemaining, traceId, responseStatus);
        _queued[id] = queued;
        _events.Writer.TryWrite(queued);
        return id;
    }

    private readonly ConcurrentDictionary<string, QueuedEvent> _queued = new();

    /// <summary>The deadline sent with the event <paramref name="requestId"/>.</summary>
    public DateTimeOffset DeadlineOf(string requestId) => _queued[requestId].Deadline;

    private readonly ConcurrentDictionary<string, QueuedEvent> _handedOut = new();

    /// <summary>Waits for <paramref name="count"/> posts in total and returns them all.</summary>
    public async Task<IReadOnlyList<Posted>> WaitForPostsAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (_posted.Count < count) await _postedSignal.WaitAsync(cts.Token);
        return _posted.ToList();
    }

    public IReadOnlyList<Posted> PostedSoFar => _posted.ToList();

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        const string prefix = "/2018-06-01/runtime/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            Problems.Enqueue($"unexpected path {path}");
            context.Response.StatusCode = 404;
            return;
        }
        var rest = path[prefix.Length..];
        if (rest == "invocation/next")
        {
            if (context.Request.Method != "GET") Problems.Enqueue($"{context.Request.Method} {path}");
            Interlocked.Increment(ref NextCalls);
            QueuedEvent next;
            try
            {
                next = await _events.Reader.ReadAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the runtime stopped waiting
            }
            _handedOut[next.RequestId] = next;
            context.Response.Headers["Lambda-Runtime-Aws-Request-Id"] = next.RequestId;
            context.Response.Headers["Lambda-Runtime-Deadline-Ms"] = next.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:eu-west-1:123456789012:function:backfill-Test";
            if (next.TraceId is not null) context.Response.Headers["Lambda-Runtime-Trace-Id"] = next.TraceId;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(next.Body);
            return;
        }

        if (context.Request.Method != "POST") Problems.Enqueue($"{context.Request.Method} {path}");
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var errorType = context.Request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault();
        Posted posted;
        var status = 202;
        if (rest == "init/error")
        {
            posted = new Posted("init-error", null, errorType, context.Request.ContentType, body.ToArray());
        }
        else if (rest.StartsWith("invocation/", StringComparison.Ordinal) && rest.Split('/') is [_, var id, var kind and ("response" or "error")])
        {
            if (!_handedOut.TryGetValue(id, out var handed)) Problems.Enqueue($"post for unknown request id {id}");
            else if (kind == "response") status = handed.ResponseStatus;
            posted = new Posted(kind, id, errorType, context.Request.ContentType, body.ToArray());
        }
        else
        {
            Problems.Enqueue($"unexpected path {path}");
            context.Response.StatusCode = 404;
            return;
        }
        context.Response.StatusCode = status;
        if (status == 202)
        {
            _posted.Enqueue(posted);
            _postedSignal.Release();
        }
        await context.Response.WriteAsync(status == 202 ? """{"status":"OK"}""" : """{"errorMessage":"Exceeded maximum allowed payload size (6291556 bytes).","errorType":"RequestEntityTooLarge"}""");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
