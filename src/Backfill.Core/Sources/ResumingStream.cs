using System.Buffers;

namespace Backfill.Core.Sources;

/// <summary>
/// A sequential, read-only stream over an <see cref="IByteSource"/> that survives dropped connections: when opening
/// or reading fails transiently (see <see cref="TransientFailure"/>) it waits with exponential backoff and reopens
/// the source at the current byte position, after checking that the object did not change in between.
/// Permanent failures pass through as <see cref="Errors.BackfillException"/>s.
/// </summary>
public sealed class ResumingStream : Stream
{
    private readonly IByteSource _source;
    private readonly ResumeOptions _options;
    private CancellationTokenSource _timeout = new();
    private SourceOpening? _first;
    private Stream? _inner;
    private long _position;
    private bool _ended;
    private bool _disposed;

    private ResumingStream(IByteSource source, ResumeOptions options)
    {
        _source = source;
        _options = options;
    }

    /// <summary>
    /// Opens <paramref name="source"/> at byte 0 (retrying transient failures) so that metadata is known and
    /// permanent errors (missing file, refused login) surface before the first read.
    /// </summary>
    public static async Task<ResumingStream> OpenAsync(IByteSource source, ResumeOptions? options = null, CancellationToken cancellationToken = default)
    {
        var stream = new ResumingStream(source, options ?? ResumeOptions.Default);
        try
        {
            await stream.RetryAsync<bool>(async ct => { await stream.EnsureOpenAsync(ct).ConfigureAwait(false); return true; }, cancellationToken).ConfigureAwait(false);
            return stream;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public string DisplayUrl => _source.DisplayUrl;

    /// <summary>How many times the source was reopened after a failure once the download had started.</summary>
    public int Resumes { get; private set; }

    /// <summary>Length of the whole object as reported by the first opening, when the server said.</summary>
    public long? SourceLength => _first?.Length;

    public string? ETag => _first?.ETag;

    public DateTimeOffset? LastModified => _first?.LastModified;

    public override bool CanRead => !_disposed;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException("ResumingStream is not seekable; see SourceLength");

    /// <summary>Bytes returned so far (the offset a resume reopens at).</summary>
    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.Length == 0 || _ended) return ValueTask.FromResult(0);
        return RetryAsync(ct => ReadOnceAsync(buffer, ct), cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Synchronous reads block on the asynchronous path: sources are network streams whose timeouts and cancellation
    // only work asynchronously, and callers that care about throughput read asynchronously anyway.
    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override int Read(Span<byte> buffer)
    {
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var read = Read(rented, 0, buffer.Length);
            rented.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private async ValueTask<int> ReadOnceAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var inner = await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        var read = await WithTimeoutAsync(_options.ReadTimeout, "no data arrived", ct => inner.ReadAsync(buffer, ct), cancellationToken).ConfigureAwait(false);
        if (read > 0)
        {
            _position += read;
            return read;
        }
        // A clean end of stream is only the end of the object when the length agrees; servers and proxies that drop
        // a connection sometimes close it cleanly.
        if (_first!.Length is long length && _position < length)
            throw new SourceTransientException($"the transfer ended at byte {_position} of {length}");
        _ended = true;
        await DropInnerAsync().ConfigureAwait(false);
        return 0;
    }

    private async ValueTask<Stream> EnsureOpenAsync(CancellationToken cancellationToken)
    {
        if (_inner is not null) return _inner;
        var offset = _position;
        var opening = await WithTimeoutAsync(_options.OpenTimeout, "opening the source took too long", ct => new ValueTask<SourceOpening>(_source.OpenAsync(offset, ct)), cancellationToken).ConfigureAwait(false);
        if (_first is null)
        {
            _first = opening;
        }
        else
        {
            try
            {
                CheckUnchanged(_first, opening, offset);
            }
            catch
            {
                await opening.Stream.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            Resumes++;
        }
        return _inner = opening.Stream;
    }

    private void CheckUnchanged(SourceOpening first, SourceOpening now, long offset)
    {
        if (first.Length is long a && now.Length is long b && a != b)
            throw new SourceChangedException(DisplayUrl, offset, "length", a.ToString(), b.ToString());
        if (first.ETag is not null && now.ETag is not null && first.ETag != now.ETag)
            throw new SourceChangedException(DisplayUrl, offset, "ETag", first.ETag, now.ETag);
        if (first.LastModified is DateTimeOffset x && now.LastModified is DateTimeOffset y && x != y)
            throw new SourceChangedException(DisplayUrl, offset, "last-modified time", x.ToString("O"), y.ToString("O"));
    }

    /// <summary>Runs <paramref name="attempt"/> until it succeeds, fails permanently, or runs out of attempts.</summary>
    private async ValueTask<T> RetryAsync<T>(Func<CancellationToken, ValueTask<T>> attempt, CancellationToken cancellationToken)
    {
        for (var failures = 0; ; )
        {
            try
            {
                return await attempt(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (TransientFailure.IsTransient(error, cancellationToken))
            {
                await DropInnerAsync().ConfigureAwait(false);
                failures++;
                if (failures >= _options.MaxAttempts)
                    throw new SourceUnavailableException(DisplayUrl,
                        $"gave up after {failures} failed attempts at byte {_position}{OfLength()}: {error.Message}", error);
                var delay = _options.DelayAfter(failures);
                _options.OnRetry?.Invoke(new SourceRetry(DisplayUrl, _position, failures, delay, error));
                await _options.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private string OfLength() => _first?.Length is long length ? $" of {length}" : "";

    /// <summary>
    /// Bounds one operation in time. The token source is reused across reads (reset after each) so a read costs no
    /// allocation unless the caller's token can itself be cancelled.
    /// </summary>
    private async ValueTask<T> WithTimeoutAsync<T>(TimeSpan timeout, string what, Func<CancellationToken, ValueTask<T>> operation, CancellationToken cancellationToken)
    {
        if (timeout == Timeout.InfiniteTimeSpan) return await operation(cancellationToken).ConfigureAwait(false);
        var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : null;
        var source = linked ?? _timeout;
        source.CancelAfter(timeout);
        try
        {
            return await operation(source.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (source.IsCancellationRequested && !cancellationToken.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            throw new TimeoutException($"{what} within {timeout.TotalSeconds:0.#} s", e);
        }
        finally
        {
            if (linked is not null) linked.Dispose();
            else if (!_timeout.TryReset())
            {
                // A token source that already fired cannot be reset.
                _timeout.Dispose();
                _timeout = new CancellationTokenSource();
            }
        }
    }

    private async ValueTask DropInnerAsync()
    {
        var inner = _inner;
        _inner = null;
        if (inner is null) return;
        try
        {
            await inner.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or TimeoutException or OperationCanceledException or HttpRequestException)
        {
            // The connection is already broken; closing it may fail too, and that changes nothing.
        }
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            DropInnerAsync().AsTask().GetAwaiter().GetResult();
            _timeout.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            await DropInnerAsync().ConfigureAwait(false);
            _timeout.Dispose();
        }
        GC.SuppressFinalize(this);
    }
}
