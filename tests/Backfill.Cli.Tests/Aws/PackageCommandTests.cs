using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Backfill.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Backfill.Cli.Tests.Aws;

/// <summary>
/// `backfill package` for real: a self-contained linux-x64 publish (about 20 s once the runtime pack is restored),
/// then the zip's bootstrap started as Lambda would start it, serving one invocation from a local Runtime API.
/// </summary>
public sealed class PackageCommandTests
{
    [Fact]
    public async Task The_package_holds_an_executable_bootstrap_that_serves_the_runtime_api()
    {
        using var dir = new TempDirectory("package");
        var zip = dir.Combine("lambda.zip");

        var (exit, stdout, stderr) = await CliRunner.RunAsync("package", "--out", zip, "--project",
            Path.Combine(RepoPaths.Root, "src", "Backfill.Lambda", "Backfill.Lambda.csproj"), "-o", "json");

        Assert.True(exit == 0, stderr);
        var result = JsonNode.Parse(stdout)!;
        Assert.Equal(Backfill.Cli.Aws.LambdaPackage.CodeSha256(zip), result["codeSha256"]!.GetValue<string>());
        using (var archive = ZipFile.OpenRead(zip))
        {
            Assert.Equal(0x81ED, archive.GetEntry("bootstrap")!.ExternalAttributes >>> 16);
            Assert.NotNull(archive.GetEntry("libcoreclr.so")); // self-contained: provided.al2023 has no .NET
            Assert.NotNull(archive.GetEntry("opensearch/nasa-http.pipeline.json")); // PrepareOpenSearch's definitions
        }
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64) return; // cannot run a linux-x64 binary here

        var unpacked = dir.Combine("unpacked");
        ZipFile.ExtractToDirectory(zip, unpacked);
        await using var api = await OneEventRuntimeApi.StartAsync("""{"input":{"runId":"pkg","sources":[{"name":"a","url":"https://example.org/a.gz"}]}}""");
        var start = new ProcessStartInfo(Path.Combine(unpacked, "bootstrap")) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["AWS_LAMBDA_RUNTIME_API"] = api.HostAndPort;
        start.Environment["_HANDLER"] = "ValidateInput";
        using var process = Process.Start(start)!;
        try
        {
            var response = await api.Response.Task.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal("pkg", response["runId"]!.GetValue<string>());
            Assert.Equal("nasa-http", response["opensearch"]!["pipeline"]!.GetValue<string>()); // defaults filled in
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Hands out one event, records its response, and then keeps /next waiting.</summary>
    private sealed class OneEventRuntimeApi : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _served;

        private OneEventRuntimeApi(WebApplication app, string hostAndPort)
        {
            _app = app;
            HostAndPort = hostAndPort;
        }

        public string HostAndPort { get; }
        public TaskCompletionSource<JsonNode> Response { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static async Task<OneEventRuntimeApi> StartAsync(string eventJson)
        {
            var port = FreePort.Next();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
            var app = builder.Build();
            var api = new OneEventRuntimeApi(app, $"127.0.0.1:{port}");
            app.Run(async context =>
            {
                var path = context.Request.Path.Value!;
                if (path == "/2018-06-01/runtime/invocation/next")
                {
                    if (Interlocked.Increment(ref api._served) > 1)
                    {
                        await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
                        return;
                    }
                    context.Response.Headers["Lambda-Runtime-Aws-Request-Id"] = "req-1";
                    context.Response.Headers["Lambda-Runtime-Deadline-Ms"] = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds().ToString();
                    await context.Response.WriteAsync(eventJson);
                    return;
                }
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                context.Response.StatusCode = 202;
                if (path == "/2018-06-01/runtime/invocation/req-1/response") api.Response.TrySetResult(JsonNode.Parse(body.ToArray())!);
                else api.Response.TrySetException(new Xunit.Sdk.XunitException($"{path}: {System.Text.Encoding.UTF8.GetString(body.ToArray())}"));
            });
            await app.StartAsync();
            return api;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
