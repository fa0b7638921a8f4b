using System.Net;
using Amazon.Runtime;
using Backfill.Aws.S3;
using Backfill.Aws.Tests.Support;
using Backfill.Core.Errors;
using Backfill.Core.Storage;
using Microsoft.AspNetCore.Http;

namespace Backfill.Aws.Tests.S3;

/// <summary>
/// Throttling and server errors: a Kestrel stand-in for S3 answers the first attempts with 503 SlowDown and
/// 500 InternalError, as S3 does under load, then succeeds.
/// </summary>
public sealed class S3RetryTests
{
    private static Task<RecordingServer> StartFlakyS3Async(int failures) =>
        RecordingServer.StartAsync(async (request, index, context) =>
        {
            if (index < failures)
            {
                var (status, code) = index % 2 == 0 ? (503, "SlowDown") : (500, "InternalError");
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/xml";
                await context.Response.WriteAsync($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>try again</Message><RequestId>r{index}</RequestId></Error>");
                return;
            }
            context.Response.StatusCode = 200;
            context.Response.Headers.ETag = "\"0123456789abcdef0123456789abcdef\"";
        });

    private static S3StoreOptions OptionsFor(RecordingServer server, int maxErrorRetry) =>
        new("flaky-bucket")
        {
            Client = new AwsClientOptions
            {
                EndpointUrl = server.BaseUri, Region = "us-east-1", MaxErrorRetry = maxErrorRetry,
                Credentials = new BasicAWSCredentials("AKIDRETRY", "retry-secret-EXAMPLE"),
            },
        };

    [Fact]
    public async Task SlowDown_and_InternalError_are_retried_with_the_same_body()
    {
        await using var server = await StartFlakyS3Async(failures: 2);
        using var store = new S3ObjectStore(OptionsFor(server, maxErrorRetry: 3));
        var content = "retried line\n"u8.ToArray();

        await store.PutAsync("chunks/a.log", content);

        Assert.Equal(3, server.Requests.Count);
        Assert.All(server.Requests, r =>
        {
            Assert.Equal("PUT", r.Method);
            Assert.Equal("/flaky-bucket/chunks/a.log", r.Path); // path-style for custom endpoints
            Assert.Equal(content, r.Body);
        });
    }

    [Fact]
    public async Task A_refused_part_fails_the_write_and_the_upload_is_aborted()
    {
        await using var server = await RecordingServer.StartAsync(async (request, _, context) =>
        {
            context.Response.ContentType = "application/xml";
            if (request.Method == "POST" && request.Query.StartsWith("uploads", StringComparison.Ordinal))
                await context.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?><InitiateMultipartUploadResult><Bucket>flaky-bucket</Bucket><Key>k</Key><UploadId>upload-17</UploadId></InitiateMultipartUploadResult>");
            else if (request.Method == "PUT")
            {
                context.Response.StatusCode = 403;
                await context.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>");
            }
            else context.Response.StatusCode = 204;
        });
        using var store = new S3ObjectStore(OptionsFor(server, maxErrorRetry: 0) with { PartSize = S3StoreOptions.MinPartSize, PartsInFlight = 1 });
        var part = new byte[S3StoreOptions.MinPartSize];

        var error = await Assert.ThrowsAsync<S3StoreException>(async () =>
        {
            await using var writer = await store.CreateAsync("chunks/denied.log");
            for (var i = 0; i < 4; i++) await writer.WriteAsync(part);
            await writer.CommitAsync();
        });

        Assert.Contains("s3://flaky-bucket/chunks/denied.log", error.Message);
        Assert.Contains("403 AccessDenied: the credentials lack permission", error.Message);
        var last = server.Requests[^1];
        Assert.Equal("DELETE", last.Method);
        Assert.Contains("uploadId=upload-17", last.Query);
        Assert.DoesNotContain(server.Requests, r => r.Method == "POST" && r.Query.Contains("uploadId", StringComparison.Ordinal)); // never completed
    }

    [Fact]
    public async Task Exhausted_retries_surface_as_a_service_failure_without_secrets()
    {
        await using var server = await StartFlakyS3Async(failures: 100);
        using var store = new S3ObjectStore(OptionsFor(server, maxErrorRetry: 1));

        var error = await Assert.ThrowsAsync<S3StoreException>(() => store.PutAsync("chunks/b.log", "x"u8.ToArray()));

        Assert.Equal(2, server.Requests.Count);
        Assert.IsAssignableFrom<IServiceFailure>(error);
        Assert.Contains("s3://flaky-bucket/chunks/b.log", error.Message);
        Assert.Contains("500 InternalError", error.Message);
        Assert.DoesNotContain("retry-secret", error.Message);
        Assert.DoesNotContain("AKIDRETRY", error.Message);
    }
}
