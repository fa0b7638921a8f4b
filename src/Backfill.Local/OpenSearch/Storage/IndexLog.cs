using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace Backfill.Local.OpenSearch.Storage;

/// <summary>
/// One index on disk: an append-only log of document records (<c>docs.log</c>) plus <c>index.json</c> (uuid,
/// creation time). Every write appends; the latest record of an id wins, located through an in-memory
/// <see cref="IdTable"/> rebuilt by scanning the log on open (a record cut short by a crash is truncated away).
/// Writes are buffered and handed to the OS at the end of every bulk request (<see cref="Flush"/>), so counts and
/// reads are exact as soon as a request returns; every 8 MiB written is synced to disk in the background, and the
/// rest on <see cref="Dispose"/>.
/// <para>Record layout (little-endian): int32 length of the rest · byte kind (1 index, 2 delete) · int64 version ·
/// int64 seq_no · uint16 id length · id (UTF-8) · source (UTF-8 JSON, index records only).</para>
/// </summary>
internal sealed class IndexLog : IDisposable
{
    private const int HeaderBytes = 23;
    private const byte KindIndex = 1, KindDelete = 2;
    private static ReadOnlySpan<byte> Magic => "BFOSLOG1"u8;
    // Per open index: a local run writes ~60 daily indices at once, so keep this modest.
    private const int PendingBytes = 256 * 1024;

    private readonly SafeFileHandle _file;
    private readonly IdTable _ids = new();
    private readonly byte[] _pending = new byte[PendingBytes];
    private int _pendingLength;
    private long _pendingStart;   // file offset of _pending[0]
    private long _nextSeqNo;
    private readonly byte[] _scratch = new byte[HeaderBytes + 512];

    // Written bytes are handed to the disk in the background as the log grows, so closing the store (which fsyncs)
    // waits for the last few megabytes rather than for a whole run's writes: a local run writes ~1.4 GB of logs, and
    // the kernel starts writing dirty pages back on its own only past 10% of memory.
    private const long BackgroundSyncBytes = 8 * 1024 * 1024;
    private long _unsyncedBytes;
    private Task? _backgroundSync;
    private long _confirmedVersion; // version of the record the last successful FindSlot confirmed

    private IndexLog(string name, string directory, SafeFileHandle file, string uuid, DateTimeOffset created)
    {
        Name = name;
        Directory = directory;
        _file = file;
        Uuid = uuid;
        Created = created;
    }

    public string Name { get; }
    public string Directory { get; }
    public string Uuid { get; }
    public DateTimeOffset Created { get; }

    /// <summary>Live documents.</summary>
    public long Count { get; private set; }

    /// <summary>Records superseded by a later write or a delete (OpenSearch's docs.deleted before merging).</summary>
    public long Deleted { get; private set; }

    public long SizeBytes => _pendingStart + _pendingLength;

    public static IndexLog Open(string directory, string name)
    {
        System.IO.Directory.CreateDirectory(directory);
        var metaPath = Path.Combine(directory, "index.json");
        string uuid;
        DateTimeOffset created;
        if (File.Exists(metaPath))
        {
            using var meta = JsonDocument.Parse(File.ReadAllBytes(metaPath));
            uuid = meta.RootElement.GetProperty("uuid").GetString()!;
            created = DateTimeOffset.FromUnixTimeMilliseconds(meta.RootElement.GetProperty("creation_date").GetInt64());
        }
        else
        {
            uuid = Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            created = DateTimeOffset.UtcNow;
            File.WriteAllText(metaPath, $"{{\"index\":{JsonSerializer.Serialize(name)},\"uuid\":\"{uuid}\",\"creation_date\":{created.ToUnixTimeMilliseconds()}}}");
        }
        var file = File.OpenHandle(Path.Combine(directory, "docs.log"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        var log = new IndexLog(name, directory, file, uuid, created);
        try
        {
            log.Load();
        }
        catch
        {
            file.Dispose();
            throw;
        }
        return log;
    }

    public readonly record struct WriteOutcome(WriteResult Result, long Version, long SeqNo);

    /// <summary>Indexes (or, with <paramref name="createOnly"/>, creates) a document; last write wins.</summary>
    public WriteOutcome Index(ReadOnlySpan<byte> id, ReadOnlySpan<byte> source, bool createOnly)
    {
        lock (_ids) return IndexLocked(id, source, createOnly);
    }

    public WriteOutcome Delete(ReadOnlySpan<byte> id)
    {
        lock (_ids) return DeleteLocked(id);
    }

    /// <summary>
    /// Takes the log's lock for a run of writes, so a bulk request's consecutive items for this index pay for one
    /// lock instead of one each (concurrent requests into the same daily index contended on it).
    /// </summary>
    public WriteScope BeginWrites()
    {
        Monitor.Enter(_ids);
        return new WriteScope(this);
    }

    /// <summary>Writes under the lock <see cref="BeginWrites"/> took; dispose to release it.</summary>
    public readonly struct WriteScope(IndexLog log) : IDisposable
    {
        public IndexLog Log => log;
        public WriteOutcome Index(ReadOnlySpan<byte> id, ReadOnlySpan<byte> source, bool createOnly) => log.IndexLocked(id, source, createOnly);
        public WriteOutcome Delete(ReadOnlySpan<byte> id) => log.DeleteLocked(id);
        public void Dispose() => Monitor.Exit(log._ids);
    }

    private WriteOutcome IndexLocked(ReadOnlySpan<byte> id, ReadOnlySpan<byte> source, bool createOnly)
    {
        var hash = IdHash.Of(id);
        var slot = FindSlot(hash, id);
        var location = slot >= 0 ? _ids.LocationAt(slot) : 0;
        var live = slot >= 0 && location >= 0;
        var previousVersion = slot >= 0 ? VersionOf(slot, id) : 0;
        if (live && createOnly) return new WriteOutcome(WriteResult.Conflict, previousVersion, -1);
        var seqNo = _nextSeqNo++;
        var offset = Append(KindIndex, previousVersion + 1, seqNo, id, source);
        if (slot >= 0)
        {
            _ids.SetAt(slot, offset);
            Deleted++;
            if (!live) { Count++; }
        }
        else
        {
            _ids.Add(hash, offset);
            Count++;
        }
        return new WriteOutcome(live ? WriteResult.Updated : WriteResult.Created, previousVersion + 1, seqNo);
    }

    private WriteOutcome DeleteLocked(ReadOnlySpan<byte> id)
    {
        var hash = IdHash.Of(id);
        var slot = FindSlot(hash, id);
        if (slot < 0 || _ids.LocationAt(slot) < 0)
        {
            var version = slot >= 0 ? VersionOf(slot, id) : 1;
            return new WriteOutcome(WriteResult.NotFound, version, _nextSeqNo++);
        }
        var previous = VersionOf(slot, id);
        var seqNo = _nextSeqNo++;
        var offset = Append(KindDelete, previous + 1, seqNo, id, default);
        _ids.SetAt(slot, -(offset + 1));
        Count--;
        Deleted += 2; // the document and its tombstone
        return new WriteOutcome(WriteResult.Deleted, previous + 1, seqNo);
    }

    public readonly record struct StoredDocument(long Version, long SeqNo, byte[] Source);

    public bool TryGet(ReadOnlySpan<byte> id, out StoredDocument document)
    {
        lock (_ids)
        {
            document = default;
            var slot = FindSlot(IdHash.Of(id), id);
            if (slot < 0 || _ids.LocationAt(slot) < 0) return false;
            var offset = _ids.LocationAt(slot);
            Span<byte> header = stackalloc byte[HeaderBytes];
            ReadAt(offset, header);
            var length = BinaryPrimitives.ReadInt32LittleEndian(header);
            var idLength = BinaryPrimitives.ReadUInt16LittleEndian(header[21..]);
            var source = new byte[length + 4 - HeaderBytes - idLength];
            ReadAt(offset + HeaderBytes + idLength, source);
            document = new StoredDocument(BinaryPrimitives.ReadInt64LittleEndian(header[5..]), BinaryPrimitives.ReadInt64LittleEndian(header[13..]), source);
            return true;
        }
    }

    /// <summary>Hands buffered records to the OS (called at the end of every bulk request).</summary>
    public void Flush()
    {
        lock (_ids) FlushPending();
    }

    private int FindSlot(ulong hash, ReadOnlySpan<byte> id)
    {
        // Confirm a hash match against the id stored in the record (a lambda cannot capture the span, so copy it once).
        if (id.Length > _scratch.Length - HeaderBytes) return FindSlotSlow(hash, id.ToArray());
        var probe = new IdProbe(this, id.Length);
        id.CopyTo(_scratch.AsSpan(HeaderBytes));
        return _ids.Find(hash, probe, static (p, location) => p.Log.IdEquals(Decode(location), p.IdLength));
    }

    private int FindSlotSlow(ulong hash, byte[] id) =>
        _ids.Find(hash, (Log: this, Id: id), static (p, location) => p.Log.IdEquals(Decode(location), p.Id));

    private readonly record struct IdProbe(IndexLog Log, int IdLength);

    private static long Decode(long location) => location >= 0 ? location : -location - 1;

    /// <summary>
    /// Compares the id of the record at <paramref name="offset"/> with the one staged in _scratch, reading header and id
    /// in one go (one pread on an overwrite); remembers the record's version in <see cref="_confirmedVersion"/>.
    /// </summary>
    private bool IdEquals(long offset, int idLength)
    {
        Span<byte> record = stackalloc byte[HeaderBytes + idLength];
        if (!TryReadAt(offset, record)) return false;
        if (BinaryPrimitives.ReadUInt16LittleEndian(record[21..]) != idLength) return false;
        if (!record[HeaderBytes..].SequenceEqual(_scratch.AsSpan(HeaderBytes, idLength))) return false;
        _confirmedVersion = BinaryPrimitives.ReadInt64LittleEndian(record[5..]);
        return true;
    }

    /// <summary>Like <see cref="ReadAt"/>, but false when the log ends first (a shorter record near the end).</summary>
    private bool TryReadAt(long offset, Span<byte> destination)
    {
        if (offset >= _pendingStart)
        {
            var start = (int)(offset - _pendingStart);
            if (start + destination.Length > _pendingLength) return false;
            _pending.AsSpan(start, destination.Length).CopyTo(destination);
            return true;
        }
        var read = 0;
        while (read < destination.Length)
        {
            var n = RandomAccess.Read(_file, destination[read..], offset + read);
            if (n == 0) return false;
            read += n;
        }
        return true;
    }

    private bool IdEquals(long offset, byte[] id)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        ReadAt(offset, header);
        if (BinaryPrimitives.ReadUInt16LittleEndian(header[21..]) != id.Length) return false;
        var stored = new byte[id.Length];
        ReadAt(offset + HeaderBytes, stored);
        return stored.AsSpan().SequenceEqual(id);
    }

    /// <summary>The version of the record FindSlot just confirmed (ids longer than the scratch buffer are read again).</summary>
    private long VersionOf(int slot, ReadOnlySpan<byte> id) =>
        id.Length <= _scratch.Length - HeaderBytes ? _confirmedVersion : ReadVersion(Decode(_ids.LocationAt(slot)));

    private long ReadVersion(long offset)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        ReadAt(offset, header);
        return BinaryPrimitives.ReadInt64LittleEndian(header[5..]);
    }

    private void ReadAt(long offset, Span<byte> destination)
    {
        if (offset >= _pendingStart)
        {
            _pending.AsSpan((int)(offset - _pendingStart), destination.Length).CopyTo(destination);
            return;
        }
        var read = 0;
        while (read < destination.Length)
        {
            var n = RandomAccess.Read(_file, destination[read..], offset + read);
            if (n == 0) throw new IOException($"index {Name}: log ends inside a record at offset {offset}");
            read += n;
        }
    }

    private long Append(byte kind, long version, long seqNo, ReadOnlySpan<byte> id, ReadOnlySpan<byte> source)
    {
        if (id.Length > ushort.MaxValue) throw new ArgumentException("id too long", nameof(id));
        var total = HeaderBytes + id.Length + source.Length;
        if (_pendingLength + total > _pending.Length) FlushPending();
        var offset = _pendingStart + _pendingLength;
        if (total > _pending.Length)
        {
            // Larger than the buffer: straight to the file (the buffer is empty, so order is kept).
            var record = new byte[total];
            WriteRecord(record, kind, version, seqNo, id, source);
            RandomAccess.Write(_file, record, offset);
            _pendingStart += total;
            Written(total);
            return offset;
        }
        WriteRecord(_pending.AsSpan(_pendingLength, total), kind, version, seqNo, id, source);
        _pendingLength += total;
        return offset;
    }

    private static void WriteRecord(Span<byte> to, byte kind, long version, long seqNo, ReadOnlySpan<byte> id, ReadOnlySpan<byte> source)
    {
        BinaryPrimitives.WriteInt32LittleEndian(to, to.Length - 4);
        to[4] = kind;
        BinaryPrimitives.WriteInt64LittleEndian(to[5..], version);
        BinaryPrimitives.WriteInt64LittleEndian(to[13..], seqNo);
        BinaryPrimitives.WriteUInt16LittleEndian(to[21..], (ushort)id.Length);
        id.CopyTo(to[HeaderBytes..]);
        source.CopyTo(to[(HeaderBytes + id.Length)..]);
    }

    private void FlushPending()
    {
        if (_pendingLength == 0) return;
        RandomAccess.Write(_file, _pending.AsSpan(0, _pendingLength), _pendingStart);
        _pendingStart += _pendingLength;
        Written(_pendingLength);
        _pendingLength = 0;
    }

    private void Written(long bytes)
    {
        _unsyncedBytes += bytes;
        if (_unsyncedBytes < BackgroundSyncBytes || _backgroundSync is { IsCompleted: false }) return;
        _unsyncedBytes = 0;
        _backgroundSync = Task.Run(() => RandomAccess.FlushToDisk(_file));
    }

    /// <summary>Rebuilds the id table by scanning the log; truncates a torn last record.</summary>
    private void Load()
    {
        var length = RandomAccess.GetLength(_file);
        if (length == 0)
        {
            RandomAccess.Write(_file, Magic, 0);
            _pendingStart = Magic.Length;
            return;
        }
        Span<byte> magic = stackalloc byte[8];
        if (length < 8 || RandomAccess.Read(_file, magic, 0) != 8 || !magic.SequenceEqual(Magic))
            throw new IOException($"{Path.Combine(Directory, "docs.log")} is not an embedded-OpenSearch index log");

        var offset = 8L;
        var header = new byte[HeaderBytes];
        var id = new byte[256];
        long maxSeq = -1;
        _pendingStart = length; // reads during the scan go to the file
        while (offset + HeaderBytes <= length)
        {
            ReadAt(offset, header);
            var recordLength = BinaryPrimitives.ReadInt32LittleEndian(header);
            var kind = header[4];
            var idLength = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(21));
            if (recordLength < HeaderBytes - 4 + idLength || offset + 4 + recordLength > length || kind is not (KindIndex or KindDelete)) break;
            if (id.Length < idLength) id = new byte[idLength];
            ReadAt(offset + HeaderBytes, id.AsSpan(0, idLength));
            var seqNo = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(13));
            maxSeq = Math.Max(maxSeq, seqNo);
            Replay(kind, id.AsSpan(0, idLength), offset);
            offset += 4 + recordLength;
        }
        if (offset < length) RandomAccess.SetLength(_file, offset); // torn tail from a crash
        _pendingStart = offset;
        _nextSeqNo = maxSeq + 1;
    }

    private void Replay(byte kind, ReadOnlySpan<byte> id, long offset)
    {
        var hash = IdHash.Of(id);
        var slot = FindSlot(hash, id);
        var live = slot >= 0 && _ids.LocationAt(slot) >= 0;
        if (kind == KindIndex)
        {
            if (slot >= 0) { _ids.SetAt(slot, offset); Deleted++; if (!live) Count++; }
            else { _ids.Add(hash, offset); Count++; }
        }
        else
        {
            if (slot >= 0) { _ids.SetAt(slot, -(offset + 1)); if (live) { Count--; Deleted += 2; } else Deleted++; }
            else { _ids.Add(hash, -(offset + 1)); Deleted++; }
        }
    }

    public void Dispose()
    {
        lock (_ids)
        {
            FlushPending();
            try
            {
                _backgroundSync?.Wait(); // before the handle closes
            }
            catch (AggregateException)
            {
                // A disk that failed a background sync fails the final one below too, which reports it.
            }
            using (var stream = new FileStream(_file, FileAccess.ReadWrite, 0)) stream.Flush(flushToDisk: true); // closes the handle too
        }
    }

    public override string ToString() => $"{Name} ({Count} docs)";

    public static string IdText(ReadOnlySpan<byte> id) => Encoding.UTF8.GetString(id);
}

internal enum WriteResult { Created, Updated, Conflict, Deleted, NotFound }
