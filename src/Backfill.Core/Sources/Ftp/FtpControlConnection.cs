using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Backfill.Core.Sources.Ftp;

/// <summary>
/// The FTP control connection: sends one command line, reads one reply, each within a time limit. Knows nothing
/// about what the commands mean (that is <see cref="FtpClient"/>).
/// </summary>
internal sealed class FtpControlConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly FtpReplyReader _reader;
    private readonly FtpClientOptions _options;

    private FtpControlConnection(TcpClient tcp, FtpClientOptions options)
    {
        _tcp = tcp;
        _options = options;
        _stream = tcp.GetStream();
        _reader = new FtpReplyReader(_stream);
        RemoteAddress = ((IPEndPoint)tcp.Client.RemoteEndPoint!).Address;
    }

    /// <summary>The server address actually connected to; data connections go there too.</summary>
    public IPAddress RemoteAddress { get; }

    public static async Task<FtpControlConnection> ConnectAsync(string host, int port, FtpClientOptions options, CancellationToken cancellationToken)
    {
        var tcp = await ConnectTcpAsync(host, port, options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        return new FtpControlConnection(tcp, options);
    }

    /// <summary>Opens a TCP connection within <paramref name="timeout"/> (used for data connections too).</summary>
    public static async Task<TcpClient> ConnectTcpAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await Deadline.RunAsync(timeout, $"connecting to {host}:{port}",
                ct => tcp.ConnectAsync(host, port, ct).AsTask(), cancellationToken).ConfigureAwait(false);
            return tcp;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    public Task<FtpReply> ReadReplyAsync(CancellationToken cancellationToken) =>
        Deadline.RunAsync(_options.ReplyTimeout, "waiting for the FTP server's reply", _reader.ReadAsync, cancellationToken);

    /// <summary>Sends <paramref name="command"/> and reads its reply.</summary>
    public async Task<FtpReply> SendAsync(string command, CancellationToken cancellationToken)
    {
        await WriteLineAsync(command, cancellationToken).ConfigureAwait(false);
        return await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task WriteLineAsync(string command, CancellationToken cancellationToken) =>
        Deadline.RunAsync(_options.ReplyTimeout, "sending to the FTP server",
            ct => _stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"), ct).AsTask(), cancellationToken);

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
