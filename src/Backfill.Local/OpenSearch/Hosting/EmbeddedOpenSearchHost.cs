using System.IO.Compression;
using System.Net;
using Backfill.Local.OpenSearch.Rest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Backfill.Local.OpenSearch.Hosting;

/// <summary>
/// Puts an <see cref="EmbeddedOpenSearch"/> on HTTP with Kestrel, bound to 127.0.0.1 only. Request bodies sent with
/// <c>Content-Encoding: gzip</c> are gunzipped; an injected connection reset aborts the connection.
/// </summary>
public sealed class EmbeddedOpenSearchHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmbeddedOpenSearchHost(WebApplication app, EmbeddedOpenSearch endpoint, Uri address)
    {
        _app = app;
        Endpoint = endpoint;
        Address = address;
    }

    public EmbeddedOpenSearch Endpoint { get; }

    /// <summary>http://127.0.0.1:{port}</summary>
    public Uri Address { get; }

    /// <param name="port">TCP port on 127.0.0.1; 0 picks a free one (see <see cref="Address"/>).</param>
    public static async Task<EmbeddedOpenSearchHost> StartAsync(EmbeddedOpenSearch endpoint, int port, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Limits.MaxRequestBodySize = endpoint.Options.MaxContentLength;
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();
        app.Run(context => ServeAsync(endpoint, context));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new Core.Errors.BackfillException($"cannot listen on 127.0.0.1:{port}: {e.Message} (is another server using the port? choose another with --port)");
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmbeddedOpenSearchHost(app, endpoint, new Uri(address.Replace("[::]", "127.0.0.1")));
    }

    private static async Task ServeAsync(EmbeddedOpenSearch endpoint, HttpContext context)
    {
        var request = context.Request;
        byte[] body;
        try
        {
            body = await ReadBodyAsync(request, endpoint.Options.MaxContentLength, context.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            await WriteAsync(context, JsonBodies.Error(400, "parse_exception", "the request body is not valid gzip: " + e.Message)).ConfigureAwait(false);
            return;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == 413)
        {
            await WriteAsync(context, JsonBodies.Error(413, "content_too_long_exception", $"request body is larger than {endpoint.Options.MaxContentLength} bytes")).ConfigureAwait(false);
            return;
        }
        var rest = RestRequest.Parse(request.Method, request.Path.ToUriComponent() + request.QueryString.ToUriComponent(), body);
        var response = await endpoint.HandleAsync(rest, context.RequestAborted).ConfigureAwait(false);
        if (response.ResetConnection)
        {
            context.Abort();
            return;
        }
        await WriteAsync(context, response, head: request.Method == "HEAD").ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpContext context, RestResponse response, bool head = false)
    {
        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType;
        context.Response.ContentLength = response.Body.Length;
        if (!head) await context.Response.Body.WriteAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, long max, CancellationToken cancellationToken)
    {
        Stream source = request.Body;
        var gzip = request.Headers.ContentEncoding.Any(e => string.Equals(e, "gzip", StringComparison.OrdinalIgnoreCase));
        if (gzip) source = new GZipStream(source, CompressionMode.Decompress, leaveOpen: true);
        await using (source.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream(request.ContentLength is { } n && n < max && !gzip ? (int)n : 1 << 16);
            var chunk = new byte[1 << 16];
            int read;
            while ((read = await source.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > max) throw new BadHttpRequestException("too large", 413);
                buffer.Write(chunk, 0, read);
            }
            return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken = default) => await _app.StopAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
