using System.Net.Sockets;

namespace Backfill.Core.Sources.Ftp;

/// <summary>
/// The bytes of one RETR. End of data is only reported as end of stream once the control connection confirms the
/// transfer (226/250); a 426/451 there, or any data-connection error, surfaces as an exception for
/// <see cref="ResumingStream"/> to resume after. Owns the <see cref="FtpClient"/> session and closes it.
/// </summary>
internal sealed class FtpDataStream(FtpClient client, TcpClient data, bool transferConfirmed) : Stream
{
    private readonly NetworkStream _data = data.GetStream();
    private bool _confirmed = transferConfirmed;
    private bool _ended;
    private bool _disposed;

    public override bool CanRead => !_disposed;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ended || buffer.Length == 0) return 0;
        var read = await _data.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (read > 0) return read;
        // RFC 959: the server closes the data connection, then replies on the control connection.
        data.Dispose();
        if (!_confirmed) await client.ConfirmTransferAsync(cancellationToken).ConfigureAwait(false);
        _confirmed = true;
        _ended = true;
        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        data.Dispose();
        // A clean goodbye only after a confirmed transfer; mid-transfer the session is simply dropped.
        if (_ended) await client.QuitAsync().ConfigureAwait(false);
        await client.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }
}
