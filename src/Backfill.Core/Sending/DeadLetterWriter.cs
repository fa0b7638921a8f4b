using System.Text.Json;
using Backfill.Core.Staging;
using Backfill.Core.Storage;

namespace Backfill.Core.Sending;

/// <summary>
/// Writes a chunk's dead letters (<see cref="DeadLetter"/>) as JSON Lines, streaming, and publishes the object only
/// on <see cref="CompleteAsync"/>. Re-running a chunk rewrites the same key: from the start (no continuation) the
/// old object is replaced, or deleted when no line failed this time; on a continuation the earlier invocations'
/// letters for lines before <c>continueAt</c> are carried over, so each failed line appears exactly once.
/// </summary>
public sealed class DeadLetterWriter : IAsyncDisposable
{
    private readonly IObjectStore _store;
    private readonly string _key;
    private readonly ManifestRow _chunk;
    private readonly string _index;
    private readonly long? _continueAt;
    private ObjectWriter? _writer;
    private Utf8JsonWriter? _json;

    public DeadLetterWriter(IObjectStore store, string key, ManifestRow chunk, string index, long? continueAt)
    {
        _store = store;
        _key = key;
        _chunk = chunk;
        _index = index;
        _continueAt = continueAt;
    }

    public string Key => _key;
    public int Written { get; private set; }
    public int CarriedOver { get; private set; }

    public async Task WriteAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        var json = _json!;
        json.WriteStartObject();
        json.WriteString("source"u8, _chunk.Source);
        json.WriteString("sourceId"u8, _chunk.SourceId);
        json.WriteString("chunkKey"u8, _chunk.ChunkKey);
        json.WriteNumber("line"u8, letter.Line);
        json.WriteString("index"u8, _index);
        json.WriteString("id"u8, StagingLayout.DocumentId(_chunk.SourceId, letter.Line));
        json.WriteNumber("status"u8, letter.Status);
        json.WriteString("errorType"u8, letter.ErrorType);
        json.WriteString("reason"u8, letter.Reason);
        json.WriteBase64String("raw"u8, letter.Raw);
        json.WriteString("rawEncoding"u8, "base64"u8);
        json.WriteString("text"u8, LineEncodings.Decode(letter.Raw, letter.Encoding));
        json.WriteString("textEncoding"u8, LineEncodings.Name(letter.Encoding));
        json.WriteEndObject();
        json.Flush();
        json.Reset();
        _writer!.WriteByte((byte)'\n');
        Written++;
    }

    /// <summary>Publishes the letters (or removes a stale object when there are none); returns the key, or null when there is no object.</summary>
    public async Task<string?> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_writer is null && _continueAt is not null && await _store.GetInfoAsync(_key, cancellationToken).ConfigureAwait(false) is not null)
            await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (_writer is null)
        {
            // Remove a stale object from an earlier attempt; look first, as most chunks never had one.
            if (await _store.GetInfoAsync(_key, cancellationToken).ConfigureAwait(false) is not null)
                await _store.DeleteAsync(_key, cancellationToken).ConfigureAwait(false);
            return null;
        }
        // The JSON writer flushes its (empty) buffer into the stream when disposed: do that before the commit closes it.
        await _json!.DisposeAsync().ConfigureAwait(false);
        _json = null;
        await _writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        var empty = Written + CarriedOver == 0;
        await DisposeAsync().ConfigureAwait(false);
        if (empty)
        {
            await _store.DeleteAsync(_key, cancellationToken).ConfigureAwait(false);
            return null;
        }
        return _key;
    }

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        if (_writer is not null) return;
        // Read what earlier invocations left before the new object replaces it (it is published only on commit).
        byte[]? previous = null;
        if (_continueAt is not null && await _store.GetInfoAsync(_key, cancellationToken).ConfigureAwait(false) is not null)
            previous = await _store.ReadAllBytesAsync(_key, cancellationToken).ConfigureAwait(false);
        _writer = await _store.CreateAsync(_key, cancellationToken).ConfigureAwait(false);
        _json = new Utf8JsonWriter(_writer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        if (previous is not null) CarryOver(previous);
    }

    private void CarryOver(ReadOnlySpan<byte> previous)
    {
        while (!previous.IsEmpty)
        {
            var newline = previous.IndexOf((byte)'\n');
            var line = newline < 0 ? previous : previous[..newline];
            previous = newline < 0 ? default : previous[(newline + 1)..];
            if (line.IsEmpty) continue;
            if (LineOf(line) is { } number && number < _continueAt)
            {
                _writer!.Write(line);
                _writer.WriteByte((byte)'\n');
                CarriedOver++;
            }
        }
    }

    private static long? LineOf(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isLine = reader.ValueTextEquals("line"u8);
                reader.Read();
                if (isLine && reader.TokenType == JsonTokenType.Number) return reader.GetInt64();
                reader.Skip();
            }
        }
        catch (JsonException) { }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_json is not null) await _json.DisposeAsync().ConfigureAwait(false);
        if (_writer is not null) await _writer.DisposeAsync().ConfigureAwait(false);
        _json = null;
        _writer = null;
    }
}
