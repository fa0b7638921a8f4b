using System.Text.Json.Nodes;
using Backfill.Functions.Runtime;

namespace Backfill.Functions.Tests.Runtime;

/// <summary>
/// The bootstrap loop against a local Runtime API: results and errors are posted in the shapes Lambda expects,
/// the deadline becomes a cancellation shortly before Lambda's timeout, request id and trace header reach the
/// handler, and an unknown _HANDLER is an init error.
/// </summary>
public sealed class LambdaBootstrapTests
{
    /// <summary>A handler whose behaviour each test scripts.</summary>
    private sealed class ScriptedHandler(Func<JsonNode?, InvocationContext, CancellationToken, Task<JsonNode?>> body) : IFunctionHandler
    {
        public List<InvocationContext> Contexts { get; } = [];
        public string Name => "Scripted";

        public Task<JsonNode?> HandleAsync(JsonNode? input, InvocationContext context, CancellationToken cancellationToken)
        {
            lock (Contexts) Contexts.Add(context);
            return body(input, context, cancellationToken);
        }
    }

    private sealed class ChunkFailedException(string message) : Exception(message);

    private static async Task<(int Exit, IReadOnlyList<FakeRuntimeApi.Posted> Posted, StringWriter Log)> RunAsync(
        FakeRuntimeApi api, IFunctionHandler handler, int expectedPosts, LambdaRuntimeOptions? options = null, string handlerName = "Scripted")
    {
        var log = new StringWriter();
        options = (options ?? new LambdaRuntimeOptions()) with
        {
            Log = TextWriter.Synchronized(log),
            GetEnvironmentVariable = name => name == "_HANDLER" ? handlerName : null,
        };
        using var client = new RuntimeApiClient(api.HostAndPort);
        using var stop = new CancellationTokenSource();
        var bootstrap = new LambdaBootstrap(client, name => name == handler.Name ? handler : throw new UnknownHandlerException($"no handler {name}"), options);
        var loop = bootstrap.RunAsync(stop.Token);
        var finished = await Task.WhenAny(loop, api.WaitForPostsAsync(expectedPosts));
        if (finished != loop) await stop.CancelAsync();
        var exit = await loop.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Empty(api.Problems);
        return (exit, api.PostedSoFar, log);
    }

    [Fact]
    public async Task Each_event_is_handled_in_turn_and_its_result_posted_as_json()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        var first = api.Enqueue("""{"n":1}""", TimeSpan.FromMinutes(5), traceId: "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1");
        var second = api.Enqueue("""{"n":2}""", TimeSpan.FromMinutes(5));
        var handler = new ScriptedHandler((input, _, _) => Task.FromResult<JsonNode?>(new JsonObject { ["doubled"] = input!["n"]!.GetValue<int>() * 2 }));

        var (exit, posted, _) = await RunAsync(api, handler, 2);

        Assert.Equal(0, exit);
        Assert.Equal([("response", first, """{"doubled":2}"""), ("response", second, """{"doubled":4}""")],
            posted.Select(p => (p.Kind, p.RequestId!, p.Text)));
        Assert.All(posted, p => Assert.Equal("application/json", p.ContentType));
        Assert.Equal([first, second], handler.Contexts.Select(c => c.RequestId));
        Assert.Equal("Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1", handler.Contexts[0].TraceId);
        Assert.Null(handler.Contexts[1].TraceId);
        Assert.InRange(handler.Contexts[0].Deadline!.Value, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(6));
    }

    [Fact]
    public async Task The_deadline_header_reaches_the_handler_exactly()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        var id = api.Enqueue("{}", TimeSpan.FromMinutes(3));
        var handler = new ScriptedHandler((_, _, _) => Task.FromResult<JsonNode?>(null));

        var (_, posted, _) = await RunAsync(api, handler, 1);

        Assert.Equal("null", Assert.Single(posted).Text); // a null result is the JSON null
        Assert.Equal(api.DeadlineOf(id).ToUnixTimeMilliseconds(), handler.Contexts[0].Deadline!.Value.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task A_handler_exception_is_posted_as_an_invocation_error_named_by_its_type()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        var id = api.Enqueue("""{"chunk":"000001"}""", TimeSpan.FromMinutes(5));
        var next = api.Enqueue("{}", TimeSpan.FromMinutes(5));
        var calls = 0;
        var handler = new ScriptedHandler((_, _, _) => Interlocked.Increment(ref calls) == 1
            ? throw new ChunkFailedException("chunk 000001: 12 items still failing after 8 attempts")
            : Task.FromResult<JsonNode?>(new JsonObject { ["ok"] = true }));

        var (exit, posted, log) = await RunAsync(api, handler, 2);

        Assert.Equal(0, exit);
        var error = posted[0];
        Assert.Equal(("error", id, "ChunkFailedException"), (error.Kind, error.RequestId, error.ErrorTypeHeader));
        Assert.Equal("ChunkFailedException", error.Json!["errorType"]!.GetValue<string>());
        Assert.Equal("chunk 000001: 12 items still failing after 8 attempts", error.Json["errorMessage"]!.GetValue<string>());
        Assert.Contains(error.Json["stackTrace"]!.AsArray(), line => line!.GetValue<string>().Contains(nameof(LambdaBootstrapTests)));
        Assert.Equal(("response", next), (posted[1].Kind, posted[1].RequestId)); // the loop goes on after an error
        Assert.Contains($"{id} ERROR ChunkFailedException: chunk 000001", log.ToString());
    }

    [Fact]
    public async Task The_handler_is_cancelled_before_the_deadline_and_the_timeout_is_reported_as_a_named_error()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        var id = api.Enqueue("{}", TimeSpan.FromSeconds(3));
        DateTimeOffset? cancelledAt = null;
        var handler = new ScriptedHandler(async (_, _, cancellationToken) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                cancelledAt = DateTimeOffset.UtcNow;
            }
            return null;
        });

        var (exit, posted, _) = await RunAsync(api, handler, 1, new LambdaRuntimeOptions { DeadlineMargin = TimeSpan.FromSeconds(1) });

        Assert.Equal(0, exit);
        var error = Assert.Single(posted);
        Assert.Equal(("error", id, "FunctionTimeoutException"), (error.Kind, error.RequestId, error.ErrorTypeHeader));
        Assert.Contains("cancelled shortly before the invocation deadline", error.Json!["errorMessage"]!.GetValue<string>());
        Assert.NotNull(cancelledAt);
        Assert.True(cancelledAt < handler.Contexts[0].Deadline, "the cancellation must come before Lambda's deadline");
    }

    [Fact]
    public async Task A_handler_that_ignores_cancellation_is_abandoned_with_an_error_and_the_loop_ends()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        var id = api.Enqueue("{}", TimeSpan.FromSeconds(2));
        api.Enqueue("{}", TimeSpan.FromMinutes(5)); // must not be taken: the process restarts instead
        using var release = new SemaphoreSlim(0);
        var handler = new ScriptedHandler(async (_, _, _) =>
        {
            await release.WaitAsync(); // ignores its token
            return null;
        });

        var (exit, posted, _) = await RunAsync(api, handler, 1, new LambdaRuntimeOptions { DeadlineMargin = TimeSpan.FromMilliseconds(800) });
        release.Release();

        Assert.Equal(LambdaBootstrap.ExitAbandoned, exit);
        var error = Assert.Single(posted);
        Assert.Equal(("error", id, "FunctionTimeoutException"), (error.Kind, error.RequestId, error.ErrorTypeHeader));
        Assert.Contains("did not stop when cancelled", error.Json!["errorMessage"]!.GetValue<string>());
        Assert.Equal(1, api.NextCalls);
    }

    [Fact]
    public async Task An_event_that_is_not_json_is_an_invocation_error_and_the_handler_is_not_called()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        var id = api.Enqueue("{not json", TimeSpan.FromMinutes(5));
        var handler = new ScriptedHandler((_, _, _) => Task.FromResult<JsonNode?>(null));

        var (_, posted, _) = await RunAsync(api, handler, 1);

        var error = Assert.Single(posted);
        Assert.Equal(("error", id), (error.Kind, error.RequestId));
        Assert.EndsWith("Exception", error.ErrorTypeHeader);
        Assert.Contains("Json", error.ErrorTypeHeader);
        Assert.Empty(handler.Contexts);
    }

    [Fact]
    public async Task A_result_refused_as_too_large_is_replaced_by_an_error()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        var id = api.Enqueue("{}", TimeSpan.FromMinutes(5), responseStatus: 413);
        var handler = new ScriptedHandler((_, _, _) => Task.FromResult<JsonNode?>(new JsonObject { ["big"] = new string('x', 1000) }));

        var (_, posted, _) = await RunAsync(api, handler, 1);

        var error = Assert.Single(posted);
        Assert.Equal(("error", id, "FunctionResponseTooLargeException"), (error.Kind, error.RequestId, error.ErrorTypeHeader));
        Assert.Contains("Scripted returned 1010 bytes", error.Json!["errorMessage"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_handler_name_is_an_init_error_and_no_event_is_taken()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        api.Enqueue("{}", TimeSpan.FromMinutes(5));
        using var functions = new LambdaFunctions();
        var log = new StringWriter();
        using var client = new RuntimeApiClient(api.HostAndPort);
        var bootstrap = new LambdaBootstrap(client, functions.Create, new LambdaRuntimeOptions
        {
            Log = log,
            GetEnvironmentVariable = name => name == "_HANDLER" ? "SendChunks" : null,
        });

        var exit = await bootstrap.RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(LambdaBootstrap.ExitInitError, exit);
        var error = Assert.Single(await api.WaitForPostsAsync(1));
        Assert.Equal(("init-error", "UnknownHandlerException"), (error.Kind, error.ErrorTypeHeader));
        Assert.Equal("_HANDLER \"SendChunks\" is not a Backfill function: expected one of ValidateInput, PrepareOpenSearch, DownloadAndSplit, PlanChunks, SendChunk, Summarize",
            error.Json!["errorMessage"]!.GetValue<string>());
        Assert.Equal(0, api.NextCalls);
        Assert.Empty(api.Problems);
    }

    [Fact]
    public async Task Without_the_runtime_api_variable_the_bootstrap_explains_itself()
    {
        var log = new StringWriter();
        var exit = await LambdaBootstrap.RunFromEnvironmentAsync(new LambdaRuntimeOptions { Log = log, GetEnvironmentVariable = _ => null });
        Assert.Equal(LambdaBootstrap.ExitInitError, exit);
        Assert.Contains("AWS_LAMBDA_RUNTIME_API is not set", log.ToString());
    }

    [Fact]
    public async Task A_runtime_api_that_goes_away_ends_the_loop_with_its_own_exit_code()
    {
        var api = await FakeRuntimeApi.StartAsync();
        var hostAndPort = api.HostAndPort;
        await api.DisposeAsync();
        using var client = new RuntimeApiClient(hostAndPort);
        var handler = new ScriptedHandler((_, _, _) => Task.FromResult<JsonNode?>(null));
        var log = new StringWriter();
        var bootstrap = new LambdaBootstrap(client, _ => handler, new LambdaRuntimeOptions { Log = log });

        var exit = await bootstrap.RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(LambdaBootstrap.ExitRuntimeApiError, exit);
        Assert.Contains("the Runtime API could not be reached for invocation/next", log.ToString());
    }
}
