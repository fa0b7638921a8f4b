using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Backfill.Aws;
using Microsoft.AspNetCore.Http;
using Backfill.Aws.Signing;
using Backfill.Aws.Tests.Support;

namespace Backfill.Aws.Tests.Signing;

/// <summary>
/// The signing handler end to end: a Kestrel endpoint records what actually arrived (raw, still-compressed body
/// included) and the test recomputes the signature from those bytes with <see cref="IndependentSigV4"/>.
/// </summary>
public sealed class SigV4SigningHandlerTests
{
    private const string AccessKey = "AKIDTESTHANDLER";
    private const string SecretKey = "handler/secret+key/EXAMPLE";
    private const string SessionToken = "session-token-EXAMPLE/+==";
    private static readonly DateTimeOffset Now = new(2024, 3, 9, 17, 5, 42, TimeSpan.Zero);

    private static Task<RecordingServer> StartServerAsync() =>
        RecordingServer.StartAsync((_, _, context) =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("{\"errors\":false,\"items\":[]}");
        });

    private static HttpClient ClientFor(SigV4SignerOptions options, AWSCredentials credentials) =>
        new(new SigV4SigningHandler(options, credentials, new SocketsHttpHandler(), new FixedTimeProvider(Now)));

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(Encoding.UTF8.GetBytes(text));
        return output.ToArray();
    }

    private static string VerifyAgainstIndependentComputation(RecordingServer.Received received, string region, string service, string secretKey)
    {
        var authorization = received.Header("Authorization")!;
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={AccessKey}/{Now:yyyyMMdd}/{region}/{service}/aws4_request, SignedHeaders=", authorization);
        var signedHeaderNames = authorization.Split("SignedHeaders=")[1].Split(',')[0].Split(';');
        var signature = authorization.Split("Signature=")[1];
        var expected = IndependentSigV4.Signature(secretKey, region, service, received.Header("X-Amz-Date")!,
            received.Method, received.Path, received.Query,
            signedHeaderNames.Select(name => (name, received.Header(name) ?? throw new Xunit.Sdk.XunitException($"signed header {name} was not received"))),
            received.Body);
        Assert.Equal(expected, signature);
        return string.Join(';', signedHeaderNames);
    }

    [Fact]
    public async Task Gzip_bulk_body_is_signed_over_the_compressed_bytes_sent()
    {
        await using var server = await StartServerAsync();
        using var client = ClientFor(SigV4SignerOptions.ForOpenSearch("eu-west-1"), new SessionAWSCredentials(AccessKey, SecretKey, SessionToken));
        var ndjson = string.Concat(Enumerable.Range(0, 500).Select(i =>
            $"{{\"index\":{{\"_index\":\"nasa-1995.07\",\"_id\":\"src-{i}\"}}}}\n{{\"message\":\"host{i} - - [01/Jul/1995:00:00:01 -0400] \\\"GET /a b HTTP/1.0\\\" 200 6245\"}}\n"));
        var compressed = Gzip(ndjson);
        var content = new ByteArrayContent(compressed);
        content.Headers.ContentType = new("application/x-ndjson");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await client.PostAsync(new Uri(server.BaseUri, "/_bulk?pipeline=nasa-logs&refresh=false"), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(server.Requests);
        Assert.Equal(compressed, received.Body); // the server saw compressed bytes: the hash must be over these
        Assert.Equal("20240309T170542Z", received.Header("X-Amz-Date"));
        Assert.Equal(SessionToken, received.Header("X-Amz-Security-Token"));
        Assert.Null(received.Header("x-amz-content-sha256")); // "es" does not need it
        var signedHeaders = VerifyAgainstIndependentComputation(received, "eu-west-1", "es", SecretKey);
        Assert.Equal("content-encoding;content-type;host;x-amz-date;x-amz-security-token", signedHeaders);

        // The check above can fail: a signature over the uncompressed text would not match.
        var overPlainText = IndependentSigV4.Signature(SecretKey, "eu-west-1", "es", received.Header("X-Amz-Date")!, received.Method,
            received.Path, received.Query, signedHeaders.Split(';').Select(n => (n, received.Header(n)!)), Encoding.UTF8.GetBytes(ndjson));
        Assert.NotEqual(overPlainText, received.Header("Authorization")!.Split("Signature=")[1]);
    }

    [Fact]
    public async Task Serverless_sends_and_signs_the_content_hash_of_a_stream_body()
    {
        await using var server = await StartServerAsync();
        using var client = ClientFor(SigV4SignerOptions.ForOpenSearchServerless("us-west-2"), new BasicAWSCredentials(AccessKey, SecretKey));
        var body = Gzip("{\"index\":{}}\n{\"a\":1}\n");
        // A one-shot stream: the handler must buffer it to hash it and still send it.
        var content = new StreamContent(new NonSeekableStream(body));
        content.Headers.ContentType = new("application/x-ndjson");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await client.PostAsync(new Uri(server.BaseUri, "/_bulk"), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(server.Requests);
        Assert.Equal(body, received.Body);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(body)), received.Header("x-amz-content-sha256"));
        Assert.Null(received.Header("X-Amz-Security-Token"));
        var signedHeaders = VerifyAgainstIndependentComputation(received, "us-west-2", "aoss", SecretKey);
        Assert.Contains("x-amz-content-sha256", signedHeaders.Split(';'));
    }

    [Fact]
    public async Task Get_without_body_and_a_resent_message_are_signed_afresh()
    {
        await using var server = await StartServerAsync();
        using var client = ClientFor(SigV4SignerOptions.ForOpenSearch("eu-west-1"), new BasicAWSCredentials(AccessKey, SecretKey));

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUri, "/_cluster/health?wait_for_status=yellow&timeout=5s"));
        using (await client.SendAsync(request)) { }
        // Signing twice must replace, not duplicate, the signature headers (a retry handler may re-sign).
        await SigV4RequestSigner.SignAsync(request, SigV4SignerOptions.ForOpenSearch("eu-west-1"), new ImmutableCredentials(AccessKey, SecretKey, null), Now);
        Assert.Single(request.Headers.GetValues("Authorization"));
        Assert.Single(request.Headers.GetValues("X-Amz-Date"));

        var received = Assert.Single(server.Requests);
        Assert.Empty(received.Body);
        VerifyAgainstIndependentComputation(received, "eu-west-1", "es", SecretKey);
    }

    [Fact]
    public async Task A_wrong_secret_does_not_verify()
    {
        await using var server = await StartServerAsync();
        using var client = ClientFor(SigV4SignerOptions.ForOpenSearch("eu-west-1"), new BasicAWSCredentials(AccessKey, SecretKey));
        using (await client.PostAsync(new Uri(server.BaseUri, "/idx/_doc/1"), new StringContent("{}", Encoding.UTF8, "application/json"))) { }

        var received = Assert.Single(server.Requests);
        Assert.Throws<Xunit.Sdk.EqualException>(() => VerifyAgainstIndependentComputation(received, "eu-west-1", "es", "not-the-secret"));
    }

    [Fact]
    public async Task OpenSearch_auth_from_the_input_picks_service_and_region()
    {
        await using var server = await StartServerAsync();
        var client = new AwsClientOptions { Region = "eu-west-3", Credentials = new BasicAWSCredentials(AccessKey, SecretKey) };
        var serverless = new Backfill.Core.Input.OpenSearchAuth(Backfill.Core.Input.OpenSearchAuthType.SigV4, Service: "aoss", Region: "ca-central-1");
        var domain = new Backfill.Core.Input.OpenSearchAuth(Backfill.Core.Input.OpenSearchAuthType.SigV4);

        foreach (var auth in new[] { serverless, domain })
        {
            var handler = OpenSearchSigning.CreateHandler(auth, client, new FixedTimeProvider(Now));
            handler.InnerHandler = new SocketsHttpHandler();
            using var http = new HttpClient(handler);
            using (await http.PutAsync(new Uri(server.BaseUri, "/_ingest/pipeline/nasa"), new StringContent("{}", Encoding.UTF8, "application/json"))) { }
        }

        Assert.Equal(2, server.Requests.Count);
        VerifyAgainstIndependentComputation(server.Requests[0], "ca-central-1", "aoss", SecretKey);
        VerifyAgainstIndependentComputation(server.Requests[1], "eu-west-3", "es", SecretKey);
        var bad = new Backfill.Core.Input.OpenSearchAuth(Backfill.Core.Input.OpenSearchAuthType.SigV4, Service: "s3");
        Assert.Contains("\"s3\" is not supported", Assert.Throws<Backfill.Core.Errors.BackfillException>(() => OpenSearchSigning.CreateHandler(bad, client)).Message);
    }

    /// <summary>A stream that can be read once, front to back, like a network or pipe stream.</summary>
    private sealed class NonSeekableStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
