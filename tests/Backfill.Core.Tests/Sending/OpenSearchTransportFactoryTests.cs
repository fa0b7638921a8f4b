using System.Net;
using System.Text;
using Backfill.Core.Errors;
using Backfill.Core.Input;
using Backfill.Core.OpenSearch;
using Backfill.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Backfill.Core.Tests.Sending;

/// <summary>Transports made from settings: auth on the wire, the signing seam, and messages without secrets.</summary>
public sealed class OpenSearchTransportFactoryTests : IAsyncLifetime
{
    private WebApplication _server = null!;
    private string _url = null!;
    private readonly List<string?> _authorizations = [];
    private readonly List<string?> _signed = [];

    public async Task InitializeAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        _server = builder.Build();
        _server.Run(async context =>
        {
            lock (_authorizations)
            {
                _authorizations.Add(context.Request.Headers.Authorization.ToString());
                _signed.Add(context.Request.Headers["X-Test-Signed"].ToString());
            }
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"errors":false,"items":[{"index":{"status":201}}]}""");
        });
        await _server.StartAsync();
        _url = $"http://127.0.0.1:{port}";
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static readonly BulkRequest OneItem = new("{\"index\":{\"_index\":\"a\",\"_id\":\"1\"}}\n{}\n"u8.ToArray(), 1);

    [Fact]
    public async Task Basic_auth_sends_the_resolved_password_and_never_prints_it()
    {
        var settings = OpenSearchSettings.Default with { Endpoint = _url, Auth = new OpenSearchAuth(OpenSearchAuthType.Basic, "admin", "env:OS_PW") };
        var factory = new OpenSearchTransportFactory(getEnvironmentVariable: name => name == "OS_PW" ? "pa55:word" : null);
        var transport = factory.Create(settings);
        var response = await transport.BulkAsync(OneItem);
        Assert.Equal(201, response.Items.Single().Status);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:pa55:word")), _authorizations.Single());
        Assert.Same(transport, factory.Create(settings)); // one client per endpoint and auth
        Assert.DoesNotContain("pa55", transport.Endpoint);
    }

    [Fact]
    public async Task Sigv4_uses_the_signing_handler_the_composition_root_provides()
    {
        var settings = OpenSearchSettings.Default with { Endpoint = _url, Auth = new OpenSearchAuth(OpenSearchAuthType.SigV4, Service: "es", Region: "eu-west-1") };
        OpenSearchAuth? seen = null;
        var factory = new OpenSearchTransportFactory(signingHandler: auth => { seen = auth; return new MarkingHandler(); });
        await factory.Create(settings).BulkAsync(OneItem with { Gzip = true });
        Assert.Equal("eu-west-1", seen!.Region);
        Assert.Equal("yes gzip", _signed.Single());
    }

    [Fact]
    public void Missing_seams_and_bad_endpoints_are_explained()
    {
        var factory = new OpenSearchTransportFactory();
        var sigv4 = Assert.Throws<BackfillException>(() => factory.Create(OpenSearchSettings.Default with { Endpoint = _url, Auth = new OpenSearchAuth(OpenSearchAuthType.SigV4) }));
        Assert.Contains("needs the AWS request signer", sigv4.Message);
        var embedded = Assert.Throws<BackfillException>(() => factory.Create(OpenSearchSettings.Default));
        Assert.Contains("\"embedded\" is only available in a local run", embedded.Message);
        var withPassword = Assert.Throws<BackfillException>(() => factory.Create(OpenSearchSettings.Default with { Endpoint = "https://admin:hunter2@search.example" }));
        Assert.DoesNotContain("hunter2", withPassword.Message);
        var missing = Assert.Throws<BackfillException>(() => new OpenSearchTransportFactory(getEnvironmentVariable: _ => null)
            .Create(OpenSearchSettings.Default with { Endpoint = _url, Auth = new OpenSearchAuth(OpenSearchAuthType.Basic, "u", "env:NOPE") }));
        Assert.Contains("environment variable NOPE is not set", missing.Message);
    }

    /// <summary>Stands in for the SigV4 handler: marks the request after seeing its final (gzip) body.</summary>
    private sealed class MarkingHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Add("X-Test-Signed", "yes " + string.Join(",", request.Content!.Headers.ContentEncoding));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
