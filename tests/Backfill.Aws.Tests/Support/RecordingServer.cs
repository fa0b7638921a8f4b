using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Backfill.Tests.Shared;

namespace Backfill.Aws.Tests.Support;

/// <summary>A Kestrel endpoint on 127.0.0.1 that records each request (raw body bytes included) and answers via a callback.</summary>
public sealed class RecordingServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    public sealed record Received(string Method, string Path, string Query, List<(string Name, string Value)> Headers, byte[] Body)
    {
        public string? Header(string name) => Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();
    }

    public List<Received> Requests { get; } = [];

    private RecordingServer(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;

    public static async Task<RecordingServer> StartAsync(Func<Received, int, HttpContext, Task> respond)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        var server = new RecordingServer(app) { BaseUri = new Uri($"http://127.0.0.1:{port}") };
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var headers = context.Request.Headers.SelectMany(h => h.Value.Select(v => (h.Key, v ?? ""))).ToList();
            var received = new Received(context.Request.Method, context.Request.Path.ToUriComponent(),
                context.Request.QueryString.HasValue ? context.Request.QueryString.Value![1..] : "", headers, body.ToArray());
            int index;
            lock (server.Requests)
            {
                server.Requests.Add(received);
                index = server.Requests.Count - 1;
            }
            await respond(received, index, context);
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
