using Amazon.S3.Model;
using Backfill.Core.Storage;

namespace Backfill.Aws.S3;

/// <summary>
/// Streams an object into S3. Bytes collect in one pooled part buffer; when it is full and more bytes arrive it
/// becomes a multipart part uploading in the background, with at most <see cref="S3StoreOptions.PartsInFlight"/>
/// parts in flight (a writer blocks on the oldest), so memory stays within (PartsInFlight + 1) × PartSize.
/// An object that fits in one part is sent with a single PutObject on commit. Nothing is visible under the key
/// until <see cref="CommitAsync"/> completes the upload; disposing without committing aborts it.
/// Bodies are whole in-memory buffers, so they are sent plainly (no aws-chunked streaming signatures, which
/// S3-compatible servers such as s3rver store verbatim instead of decoding).
/// </summary>
internal sealed class S3ObjectWriter : ObjectWriter
{
    private readonly S3ObjectStore _store;
    private readonly string _key;
    private readonly string _location;
    private readonly int _partSize;
    private readonly List<Task> _inFlight = [];
    private readonly List<PartETag> _parts = [];
    private readonly CancellationTokenSource _abort = new();
    private byte[]? _buffer;
    private int _length;
    private int _partNumber;
    private string? _uploadId;
    private bool _committed;
    private bool _closed;

    public S3ObjectWriter(S3ObjectStore store, string key, string location)
    {
        _store = store;
        _key = key;
        _location = location;
        _partSize = store.Options.PartSize;
    }

    private string Bucket => _store.Options.Bucket;

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        // Synchronous callers block only when a full part has to be handed off (see WriteAsync).
        while (buffer.Length > 0)
        {
            ThrowIfClosed();
            _buffer ??= _store.PartBuffers.Rent(_partSize);
            if (_length == _partSize)
            {
                StartPartAsync(CancellationToken.None).GetAwaiter().GetResult();
                continue;
            }
            var n = Math.Min(buffer.Length, _partSize - _length);
            buffer[..n].CopyTo(_buffer.AsSpan(_length));
            _length += n;
            buffer = buffer[n..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (buffer.Length > 0)
        {
            ThrowIfClosed();
            _buffer ??= _store.PartBuffers.Rent(_partSize);
            if (_length == _partSize)
            {
                // Only a full part followed by more bytes becomes a multipart part, so an object of exactly one
                // part still goes out as a single PutObject.
                await StartPartAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            var n = Math.Min(buffer.Length, _partSize - _length);
            buffer.Span[..n].CopyTo(_buffer.AsSpan(_length));
            _length += n;
            buffer = buffer[n..];
        }
    }

    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        try
        {
            if (_uploadId is null)
            {
                await PutSingleAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                if (_length > 0) await StartPartAsync(cancellationToken).ConfigureAwait(false);
                await Task.WhenAll(_inFlight).ConfigureAwait(false);
                _inFlight.Clear();
                List<PartETag> parts;
                lock (_parts) parts = _parts.OrderBy(p => p.PartNumber).ToList();
                await _store.Client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
                {
                    BucketName = Bucket, Key = _key, UploadId = _uploadId, PartETags = parts,
                }, cancellationToken).ConfigureAwait(false);
            }
            _committed = true;
        }
        catch (Exception e) when (S3StoreException.Translatable(e))
        {
            throw S3StoreException.From(e, _uploadId is null ? "PutObject" : "CompleteMultipartUpload", _location, Bucket);
        }
        finally
        {
            if (_committed) ReleaseBuffer();
        }
    }

    private async Task PutSingleAsync(CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(_buffer ?? [], 0, _length, writable: false);
        await _store.Client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket, Key = _key, InputStream = content, AutoCloseStream = false, UseChunkEncoding = false,
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Hands the current buffer to a background part upload, first making room if N parts are in flight.</summary>
    private async Task StartPartAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_uploadId is null)
            {
                var started = await _store.Client.InitiateMultipartUploadAsync(
                    new InitiateMultipartUploadRequest { BucketName = Bucket, Key = _key }, cancellationToken).ConfigureAwait(false);
                _uploadId = started.UploadId;
            }
            while (_inFlight.Count >= _store.Options.PartsInFlight)
            {
                var done = await Task.WhenAny(_inFlight).WaitAsync(cancellationToken).ConfigureAwait(false);
                _inFlight.Remove(done);
                await done.ConfigureAwait(false); // surfaces a failed part now rather than at commit
            }
        }
        catch (Exception e) when (S3StoreException.Translatable(e))
        {
            throw S3StoreException.From(e, "multipart upload", _location, Bucket);
        }
        var buffer = _buffer!;
        var length = _length;
        _buffer = null;
        _length = 0;
        _inFlight.Add(UploadPartAsync(buffer, length, ++_partNumber));
    }

    private async Task UploadPartAsync(byte[] buffer, int length, int partNumber)
    {
        try
        {
            using var content = new MemoryStream(buffer, 0, length, writable: false);
            var response = await _store.Client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = Bucket, Key = _key, UploadId = _uploadId, PartNumber = partNumber, PartSize = length,
                InputStream = content, UseChunkEncoding = false,
            }, _abort.Token).ConfigureAwait(false);
            lock (_parts) _parts.Add(new PartETag(partNumber, response.ETag));
        }
        finally
        {
            _store.PartBuffers.Return(buffer);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) CloseAsync().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Once: if not committed, stops the part uploads and aborts the multipart upload.</summary>
    private async Task CloseAsync()
    {
        if (_closed) return;
        _closed = true;
        if (!_committed)
        {
            _abort.Cancel();
            try { await Task.WhenAll(_inFlight).ConfigureAwait(false); } catch { /* abandoned parts: their outcome no longer matters */ }
            if (_uploadId is not null)
            {
                try
                {
                    await _store.Client.AbortMultipartUploadAsync(Bucket, _key, _uploadId, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (S3StoreException.Translatable(e))
                {
                    // Best effort: parts of an upload that could not be aborted are never visible as an object,
                    // and a bucket lifecycle rule (AbortIncompleteMultipartUpload) removes them.
                }
            }
        }
        ReleaseBuffer();
        _abort.Dispose();
    }

    private void ReleaseBuffer()
    {
        if (_buffer is null) return;
        _store.PartBuffers.Return(_buffer);
        _buffer = null;
    }

    private void ThrowIfClosed()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (_committed) throw new InvalidOperationException($"{_location}: already committed");
    }
}
