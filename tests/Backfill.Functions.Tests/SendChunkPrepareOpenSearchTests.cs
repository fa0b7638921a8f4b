using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Backfill.Core.Input;
using Backfill.Core.OpenSearch;
using Backfill.Functions.Handlers;
using Backfill.Tests.Shared;

namespace Backfill.Functions.Tests;

/// <summary>PrepareOpenSearch (the sender's setup step): what it puts, and how it fails fast without leaking secrets.</summary>
public sealed class SendChunkPrepareOpenSearchTests : IDisposable
{
    private readonly TempDirectory _dir = new("prepare");

    public void Dispose() => _dir.Dispose();

    private static JsonObject Event(string endpoint, JsonObject? auth = null)
    {
        var os = new JsonObject { ["endpoint"] = endpoint, ["pipeline"] = "nasa-http" };
        if (auth is not null) os["auth"] = auth;
        return new JsonObject { ["opensearch"] = os };
    }

    private string Definitions()
    {
        File.WriteAllText(_dir.Combine("nasa-http.pipeline.json"), """{"processors":[{"set":{"field":"a","value":"b"}}]}""");
        File.WriteAllText(_dir.Combine("nasa-logs.index-template.json"), """{"index_patterns":["nasa-logs-*"]}""");
        return _dir.Path;
    }

    private static Func<OpenSearchSettings, IOpenSearchTransport> Through(StubHandler stub) =>
        settings => new HttpOpenSearchTransport(new Uri(settings.Endpoint), stub);

    [Fact]
    public async Task Puts_the_pipeline_and_every_template_from_the_definitions_directory()
    {
        var stub = new StubHandler(_ => HttpStatusCode.OK);
        var output = await new PrepareOpenSearchHandler(Through(stub), Definitions()).HandleAsync(Event("https://search.example:9200/"), Functions.InvocationContext.Local(), default);
        Assert.Equal(["PUT /_ingest/pipeline/nasa-http", "PUT /_index_template/nasa-logs"], stub.Requests);
        Assert.Equal("nasa-logs", output!["templates"]![0]!.GetValue<string>());
        Assert.Contains("\"set\"", stub.Bodies[0]);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "401 Unauthorized", "check opensearch.auth")]
    [InlineData(HttpStatusCode.Forbidden, "403 Forbidden", "permissions")]
    [InlineData(HttpStatusCode.NotFound, "404 Not Found", "is opensearch.endpoint the URL of an OpenSearch cluster?")]
    public async Task Refusals_fail_fast_naming_the_endpoint_without_credentials(HttpStatusCode status, string said, string hint)
    {
        Environment.SetEnvironmentVariable("BACKFILL_TEST_OS_PASSWORD", "s3cr3t-pw");
        var stub = new StubHandler(_ => status);
        var factory = new OpenSearchTransportFactory();
        var handler = new PrepareOpenSearchHandler(s => new HttpOpenSearchTransport(new Uri(s.Endpoint), new BasicAuthHandler("admin", "s3cr3t-pw") { InnerHandler = stub }), Definitions());
        var e = await Assert.ThrowsAsync<OpenSearchSetupException>(() => handler.HandleAsync(
            Event("https://search.example:9200", new JsonObject { ["type"] = "basic", ["username"] = "admin", ["passwordRef"] = "env:BACKFILL_TEST_OS_PASSWORD" }),
            Functions.InvocationContext.Local(), default));
        Assert.Contains("OpenSearch at https://search.example:9200 answered PUT _ingest/pipeline/nasa-http with " + said, e.Message);
        Assert.Contains(hint, e.Message);
        Assert.DoesNotContain("s3cr3t", e.Message);
        Assert.DoesNotContain("YWRtaW4", e.Message); // base64 of "admin:"
        Assert.Single(stub.Requests);
        Assert.NotNull(factory);
    }

    [Fact]
    public async Task Connection_refused_fails_fast_naming_the_endpoint()
    {
        var port = FreePort.Next();
        var handler = new PrepareOpenSearchHandler(s => new HttpOpenSearchTransport(new Uri(s.Endpoint)), Definitions());
        var e = await Assert.ThrowsAsync<OpenSearchSetupException>(() => handler.HandleAsync(Event($"http://127.0.0.1:{port}"), Functions.InvocationContext.Local(), default));
        Assert.Contains($"OpenSearch at http://127.0.0.1:{port} could not be reached: connection refused", e.Message);
        Assert.IsAssignableFrom<Core.Errors.IServiceFailure>(e);
    }

    [Fact]
    public async Task A_refused_definition_is_reported_with_OpenSearch_reason()
    {
        var stub = new StubHandler(_ => HttpStatusCode.BadRequest, """{"error":{"type":"parse_exception","reason":"No processor type exists with name [nope]"},"status":400}""");
        var handler = new PrepareOpenSearchHandler(Through(stub), Definitions());
        var e = await Assert.ThrowsAsync<OpenSearchSetupException>(() => handler.HandleAsync(Event("https://search.example"), Functions.InvocationContext.Local(), default));
        Assert.Contains("400 Bad Request parse_exception: No processor type exists with name [nope]", e.Message);
    }

    [Fact]
    public async Task Bodies_in_the_event_win_over_files_and_transient_errors_are_retried()
    {
        var calls = 0;
        var stub = new StubHandler(_ => ++calls == 1 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK);
        var input = Event("https://search.example");
        input["pipelineBody"] = new JsonObject { ["processors"] = new JsonArray() };
        input["templates"] = new JsonObject { ["mine"] = new JsonObject { ["index_patterns"] = new JsonArray("x-*") } };
        await new PrepareOpenSearchHandler(Through(stub), _dir.Combine("nothing-here"), new InstantTime()).HandleAsync(input, Functions.InvocationContext.Local(), default);
        Assert.Equal(["PUT /_ingest/pipeline/nasa-http", "PUT /_ingest/pipeline/nasa-http", "PUT /_index_template/mine"], stub.Requests);
    }

    [Fact]
    public async Task A_missing_definition_file_is_named()
    {
        var handler = new PrepareOpenSearchHandler(Through(new StubHandler(_ => HttpStatusCode.OK)), _dir.Path);
        var e = await Assert.ThrowsAsync<Core.Errors.BackfillException>(() => handler.HandleAsync(Event("https://search.example"), Functions.InvocationContext.Local(), default));
        Assert.Contains("nasa-http.pipeline.json: not found", e.Message);
    }

    private sealed class StubHandler(Func<HttpRequestMessage, HttpStatusCode> status, string body = "{}") : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add($"{request.Method} {request.RequestUri!.AbsolutePath}");
            Bodies.Add(request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken));
            return new HttpResponseMessage(status(request)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }

    /// <summary>Timers fire at once: retry waits take no real time.</summary>
    private sealed class InstantTime : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            ThreadPool.QueueUserWorkItem(_ => callback(state));
            return new NoTimer();
        }

        private sealed class NoTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
