using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Backfill.Aws.Json;
using Backfill.Aws.Lambda;
using Backfill.Aws.Tests.Json;

namespace Backfill.Aws.Tests.Lambda;

/// <summary>
/// Every Lambda operation against a local endpoint that checks the REST-JSON protocol (method, escaped path,
/// query, headers, content type), the body and the SigV4 signature, and answers with AWS-shaped responses.
/// </summary>
public sealed class LambdaClientTests
{
    private const string FunctionArn = "arn:aws:lambda:eu-west-1:123456789012:function:backfill-SendChunk";

    private static string Configuration(string name = "backfill-SendChunk", string update = "Successful", string state = "Active") => $$$"""
        {"FunctionName":"{{{name}}}","FunctionArn":"{{{FunctionArn}}}","Runtime":"provided.al2023","Role":"arn:aws:iam::123456789012:role/fn",
         "Handler":"SendChunk","CodeSize":31457280,"Timeout":900,"MemorySize":1024,"LastModified":"2024-03-09T17:05:42.000+0000",
         "CodeSha256":"q1w2e3=","Version":"$LATEST","Environment":{"Variables":{"BACKFILL_STAGING_BUCKET":"staging"}},
         "State":"{{{state}}}","LastUpdateStatus":"{{{update}}}","Architectures":["x86_64"],"PackageType":"Zip","RevisionId":"rev-1"}
        """;

    private static async Task<(FakeAwsEndpoint Server, LambdaClient Client)> StartAsync(Func<AwsCall, AwsReply> respond, List<TimeSpan>? delays = null)
    {
        var server = await FakeAwsEndpoint.StartAsync(respond);
        return (server, new LambdaClient(server.ClientOptions(), FakeAwsEndpoint.RecordingRetry(delays ?? [])));
    }

    private static void AssertRest(AwsCall call, string method, string path)
    {
        Assert.Null(call.SignatureProblem);
        Assert.Equal("lambda", call.SigningService);
        Assert.Equal(method, call.Method);
        Assert.Equal(path, call.Path);
        Assert.Null(call.Target);
    }

    [Fact]
    public async Task Invoke_posts_the_payload_bytes_to_the_escaped_function_path_with_invocation_headers()
    {
        var (server, client) = await StartAsync(_ => new AwsReply(HttpStatusCode.OK, """{"indexed":10}"""u8.ToArray(), "application/json")
        {
            Headers = [("X-Amz-Executed-Version", "7"), ("X-Amz-Log-Result", Convert.ToBase64String("START RequestId"u8))],
        });
        await using var _ = server;
        using var __ = client;

        var response = await client.InvokeAsync(InvokeRequest.Json(FunctionArn, """{"chunkKey":"a b/000001.log"}""") with { Qualifier = "$LATEST", LogType = "Tail" });

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("""{"indexed":10}""", response.PayloadText);
        Assert.Null(response.FunctionError);
        Assert.Equal("7", response.ExecutedVersion);
        Assert.Equal("START RequestId", Encoding.UTF8.GetString(Convert.FromBase64String(response.LogResult!)));
        var call = server.SingleCall();
        AssertRest(call, "POST", "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Abackfill-SendChunk/invocations");
        Assert.Equal("Qualifier=%24LATEST", call.Query);
        Assert.Equal("RequestResponse", call.Header("X-Amz-Invocation-Type"));
        Assert.Equal("Tail", call.Header("X-Amz-Log-Type"));
        Assert.Equal("application/octet-stream", call.ContentType);
        Assert.Equal("""{"chunkKey":"a b/000001.log"}""", call.BodyText);
    }

    [Fact]
    public async Task Invoke_reports_a_function_error_in_the_response_not_as_an_exception()
    {
        var (server, client) = await StartAsync(_ => new AwsReply(HttpStatusCode.OK,
            """{"errorType":"SourceUnavailableException","errorMessage":"ftp://host/x: 550"}"""u8.ToArray(), "application/json")
        {
            Headers = [("X-Amz-Function-Error", "Unhandled")],
        });
        await using var _ = server;
        using var __ = client;

        var response = await client.InvokeAsync(new InvokeRequest("backfill-DownloadAndSplit") { InvocationType = InvocationType.Event });

        Assert.Equal("Unhandled", response.FunctionError);
        Assert.Contains("SourceUnavailableException", response.PayloadText);
        var call = server.SingleCall();
        Assert.Equal("Event", call.Header("X-Amz-Invocation-Type"));
        Assert.Equal("{}", call.BodyText);
        Assert.Equal("", call.Query);
    }

    [Fact]
    public async Task GetFunction_reads_the_configuration_and_code_location()
    {
        var (server, client) = await StartAsync(_ => AwsReply.Json(
            $$$"""{"Configuration":{{{Configuration()}}},"Code":{"RepositoryType":"S3","Location":"https://example.invalid/presigned"},"Tags":{"project":"backfill"}}""",
            contentType: "application/json"));
        await using var _ = server;
        using var __ = client;

        var function = await client.GetFunctionAsync("backfill-SendChunk", "live");

        Assert.Equal(FunctionArn, function.Configuration.FunctionArn);
        Assert.Equal(("SendChunk", 900, 1024), (function.Configuration.Handler, function.Configuration.Timeout, function.Configuration.MemorySize));
        Assert.Equal("staging", function.Configuration.Environment!.Variables!["BACKFILL_STAGING_BUCKET"]);
        Assert.Equal(["x86_64"], function.Configuration.Architectures!);
        Assert.Equal("S3", function.Code!.RepositoryType);
        var call = server.SingleCall();
        AssertRest(call, "GET", "/2015-03-31/functions/backfill-SendChunk");
        Assert.Equal("Qualifier=live", call.Query);
        Assert.Empty(call.Body);
    }

    [Fact]
    public async Task CreateFunction_sends_the_zip_as_base64_and_the_custom_runtime_settings()
    {
        var (server, client) = await StartAsync(_ => AwsReply.Json(Configuration(update: "InProgress", state: "Pending"), HttpStatusCode.Created, "application/json"));
        await using var _ = server;
        using var __ = client;
        byte[] zip = [0x50, 0x4B, 0x03, 0x04, 0xFF];

        var created = await client.CreateFunctionAsync(new CreateFunctionRequest("backfill-SendChunk", "arn:aws:iam::123456789012:role/fn", new FunctionCode { ZipFile = zip })
        {
            Runtime = "provided.al2023",
            Handler = "SendChunk",
            Timeout = 900,
            MemorySize = 1024,
            Architectures = ["x86_64"],
            Environment = new FunctionEnvironment(new Dictionary<string, string> { ["A"] = "1" }),
        });

        Assert.Equal(FunctionState.Pending, created.State);
        var call = server.SingleCall();
        AssertRest(call, "POST", "/2015-03-31/functions");
        Assert.Equal("application/json", call.ContentType);
        Assert.Equal("""{"FunctionName":"backfill-SendChunk","Role":"arn:aws:iam::123456789012:role/fn","Code":{"ZipFile":"UEsDBP8="},"Runtime":"provided.al2023","Handler":"SendChunk","Timeout":900,"MemorySize":1024,"Environment":{"Variables":{"A":"1"}},"Architectures":["x86_64"]}""",
            call.BodyText);
    }

    [Fact]
    public async Task UpdateFunctionCode_configuration_and_PublishVersion_put_the_name_in_the_path_not_the_body()
    {
        var (server, client) = await StartAsync(call => AwsReply.Json(Configuration(), call.Path.EndsWith("/versions") ? HttpStatusCode.Created : HttpStatusCode.OK, "application/json"));
        await using var _ = server;
        using var __ = client;

        await client.UpdateFunctionCodeAsync(new UpdateFunctionCodeRequest("backfill-SendChunk") { S3Bucket = "deploy", S3Key = "k.zip", Publish = false });
        await client.UpdateFunctionConfigurationAsync(new UpdateFunctionConfigurationRequest("backfill-SendChunk") { MemorySize = 2048, Handler = "SendChunk" });
        await client.PublishVersionAsync(new PublishVersionRequest("backfill-SendChunk") { CodeSha256 = "q1w2e3=", Description = "deploy" });

        AssertRest(server.Calls[0], "PUT", "/2015-03-31/functions/backfill-SendChunk/code");
        Assert.Equal("""{"S3Bucket":"deploy","S3Key":"k.zip","Publish":false}""", server.Calls[0].BodyText);
        AssertRest(server.Calls[1], "PUT", "/2015-03-31/functions/backfill-SendChunk/configuration");
        Assert.Equal("""{"Handler":"SendChunk","MemorySize":2048}""", server.Calls[1].BodyText);
        AssertRest(server.Calls[2], "POST", "/2015-03-31/functions/backfill-SendChunk/versions");
        Assert.Equal("""{"CodeSha256":"q1w2e3=","Description":"deploy"}""", server.Calls[2].BodyText);
    }

    [Fact]
    public async Task WaitForUpdate_polls_until_the_update_is_no_longer_in_progress()
    {
        var count = 0;
        var (server, client) = await StartAsync(_ => AwsReply.Json(
            $$"""{"Configuration":{{Configuration(update: Interlocked.Increment(ref count) < 3 ? "InProgress" : "Successful")}}}""", contentType: "application/json"));
        await using var _ = server;
        using var __ = client;

        var configuration = await client.WaitForUpdateAsync("backfill-SendChunk", TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(1));

        Assert.Equal(LastUpdateStatus.Successful, configuration.LastUpdateStatus);
        Assert.Equal(3, server.Calls.Count);
    }

    [Fact]
    public async Task A_rest_error_takes_its_code_from_the_error_type_header()
    {
        var (server, client) = await StartAsync(_ => AwsReply.RestError(HttpStatusCode.NotFound, "ResourceNotFoundException", "Function not found: " + FunctionArn));
        await using var _ = server;
        using var __ = client;

        var e = await Assert.ThrowsAsync<AwsResourceNotFoundException>(() => client.GetFunctionAsync("backfill-Nope"));

        Assert.Equal("ResourceNotFoundException", e.ErrorCode);
        Assert.Equal("Function not found: " + FunctionArn, e.AwsMessage);
        Assert.StartsWith("Lambda GetFunction failed with 404 ResourceNotFoundException: Function not found", e.Message);
    }

    [Fact]
    public async Task A_conflict_during_an_update_is_typed_and_not_retried()
    {
        var (server, client) = await StartAsync(_ => AwsReply.RestError(HttpStatusCode.Conflict, "ResourceConflictException", "An update is in progress"));
        await using var _ = server;
        using var __ = client;

        var e = await Assert.ThrowsAsync<AwsConflictException>(() => client.UpdateFunctionConfigurationAsync(new UpdateFunctionConfigurationRequest("f") { Timeout = 60 }));

        Assert.Equal("ResourceConflictException", e.ErrorCode);
        Assert.Single(server.Calls);
    }

    [Fact]
    public async Task Too_many_requests_is_retried()
    {
        var delays = new List<TimeSpan>();
        var count = 0;
        var (server, client) = await StartAsync(_ => Interlocked.Increment(ref count) == 1
            ? AwsReply.RestError(HttpStatusCode.TooManyRequests, "TooManyRequestsException", "Rate exceeded")
            : AwsReply.Json($$"""{"Configuration":{{Configuration()}}}""", contentType: "application/json"), delays);
        await using var _ = server;
        using var __ = client;

        var function = await client.GetFunctionAsync("backfill-SendChunk");

        Assert.Equal("backfill-SendChunk", function.Configuration.FunctionName);
        Assert.Equal(2, server.Calls.Count);
        Assert.Single(delays);
    }
}
