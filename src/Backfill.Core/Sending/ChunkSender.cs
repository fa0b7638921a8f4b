using System.Diagnostics;
using System.IO.Compression;
using Backfill.Core.Errors;
using Backfill.Core.Ingest;
using Backfill.Core.Input;
using Backfill.Core.OpenSearch;
using Backfill.Core.Staging;
using Backfill.Core.Storage;

namespace Backfill.Core.Sending;

/// <summary>
/// Streams one chunk into OpenSearch <c>_bulk</c> requests and accounts for every line.
/// <list type="number">
/// <item>Lines are read from the object store (gunzipped when the chunk is) and packed into bodies bounded by
/// <c>bulkBytes</c> and <c>bulkActions</c>; each line is an <c>index</c> action with the deterministic
/// <c>_id</c> <see cref="StagingLayout.DocumentId"/>, so sending twice overwrites instead of duplicating.</item>
/// <item>Up to <c>concurrency</c> bodies are in flight. Items answered 429/5xx, and whole requests answered
/// 429/502/503/504 or lost to resets and timeouts, are re-sent — only those items — with full-jitter backoff
/// (<see cref="RetryPolicy"/>). Other item failures become dead letters (<see cref="DeadLetterWriter"/>).</item>
/// <item>Given a deadline, no batch starts (and no backoff sleeps) too close to it; the result then carries
/// <see cref="ChunkSendResult.ContinueAt"/>, the first line not yet accounted for.</item>
/// <item>When retries run out, <see cref="ChunkSendFailedException"/> says how many lines are unacknowledged.</item>
/// </list>
/// </summary>
public sealed class ChunkSender
{
    private readonly IObjectStore _store;
    private readonly IOpenSearchTransport _transport;
    private readonly SenderOptions _options;

    public ChunkSender(IObjectStore store, IOpenSearchTransport transport, SenderOptions? options = null)
    {
        _store = store;
        _transport = transport;
        _options = options ?? new SenderOptions();
    }

    /// <param name="deadLetterKey">Where this chunk's dead letters go (<see cref="StagingLayout.DeadLetters"/>).</param>
    /// <param name="continueAt">Line to start at (from an earlier invocation's result); null for the chunk's first line.</param>
    public async Task<ChunkSendResult> SendAsync(ManifestRow chunk, OpenSearchSettings settings, string deadLetterKey,
        long? continueAt = null, DateTimeOffset? deadline = null, CancellationToken cancellationToken = default)
    {
        var endLine = chunk.FirstLine + chunk.LineCount; // exclusive
        if (continueAt is { } c && (c < chunk.FirstLine || c > endLine))
            throw new BackfillException($"continueAt {c} is outside chunk {chunk.ChunkKey} (expected a line from {chunk.FirstLine} to {endLine})");
        var run = new Run(this, chunk, settings, deadline, continueAt ?? chunk.FirstLine, endLine, cancellationToken);
        await using var deadLetters = new DeadLetterWriter(_store, deadLetterKey, chunk, settings.DefaultIndex, continueAt);
        return await run.ExecuteAsync(deadLetters).ConfigureAwait(false);
    }

    /// <summary>The state of one invocation: its counters, its batches in line order, and how it stopped.</summary>
    private sealed class Run
    {
        private readonly ChunkSender _owner;
        private readonly ManifestRow _chunk;
        private readonly OpenSearchSettings _settings;
        private readonly DateTimeOffset? _deadline;
        private readonly long _startLine;
        private readonly long _endLine;
        private readonly CancellationTokenSource _stop;
        private readonly RetryPolicy _policy;
        private readonly TimeProvider _time;
        private readonly long _started;
        private readonly BulkActionTemplate _template;
        private readonly Queue<SendBatch> _batches = new();
        private long _requests, _bytesSent, _retriedItems;
        private long _read, _indexed, _dead, _noop, _latin1;
        private readonly Dictionary<string, long> _reasons = new(StringComparer.Ordinal);
        private long _longestRequestTicks;
        private readonly CancellationToken _cancellation;
        private Exception? _fatal;
        private volatile bool _stopProducing;
        private IngestDocument? _ingestDocument; // client-side ingest: one per chunk, reset per line

        public Run(ChunkSender owner, ManifestRow chunk, OpenSearchSettings settings, DateTimeOffset? deadline, long startLine, long endLine, CancellationToken cancellationToken)
        {
            _owner = owner;
            _chunk = chunk;
            _settings = settings;
            _deadline = deadline;
            _startLine = startLine;
            _endLine = endLine;
            _cancellation = cancellationToken;
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _policy = owner._options.Retry ?? RetryPolicy.From(settings);
            _time = owner._options.Time;
            _started = _time.GetTimestamp();
            _template = new BulkActionTemplate(settings.DefaultIndex, chunk.SourceId);
        }

        private SenderOptions Options => _owner._options;
        private CancellationToken Token => _stop.Token;

        public async Task<ChunkSendResult> ExecuteAsync(DeadLetterWriter deadLetters)
        {
            var maxBytes = (int)Math.Clamp(_settings.BulkBytes, 1024, BulkBodyBuilder.HardLimitBytes);
            var concurrency = Math.Max(1, _settings.Concurrency);
            using var slots = new SemaphoreSlim(concurrency);
            var inFlight = new List<Task>();
            long nextLine;
            bool endOfChunk;

            await using (var stream = await OpenChunkAsync().ConfigureAwait(false))
            using (var reader = new ChunkLineReader(stream, _chunk.FirstLine, _owner.DescribeChunk(_chunk), Options.MaxLineBytes))
            {
                if (!await reader.SkipToAsync(_startLine, _cancellation).ConfigureAwait(false))
                    throw new BackfillException($"{_owner.DescribeChunk(_chunk)}: ends before line {_startLine} (the manifest says it holds lines {_chunk.FirstLine} to {_endLine - 1})");
                var holding = await reader.MoveNextAsync(_cancellation).ConfigureAwait(false);
                var first = true;
                // The first batch always goes out, so every invocation makes progress however close the deadline is.
                while (holding && !_stopProducing && (first || !NearDeadline(TimeSpan.Zero)))
                {
                    var batch = new SendBatch(maxBytes, _settings.BulkActions);
                    holding = await FillAsync(batch, reader, holding).ConfigureAwait(false);
                    await slots.WaitAsync(_cancellation).ConfigureAwait(false);
                    _batches.Enqueue(batch);
                    if (!first && (NearDeadline(TimeSpan.Zero) || _stopProducing))
                    {
                        // Waiting for a slot took us too close to the deadline (or a batch failed): this one stays unsent.
                        slots.Release();
                        batch.Outcome = BatchOutcome.Unfinished;
                        break;
                    }
                    first = false;
                    inFlight.Add(SendAndReleaseAsync(batch, slots));
                    inFlight.RemoveAll(t => t.IsCompleted);
                    await RetireAsync(deadLetters).ConfigureAwait(false);
                }
                await Task.WhenAll(inFlight).ConfigureAwait(false);
                nextLine = holding ? reader.LineNumber : reader.LineNumber + 1;
                endOfChunk = !holding;
                if (endOfChunk && _fatal is null) CheckAgainstManifest(reader);
            }
            _cancellation.ThrowIfCancellationRequested();
            await RetireAsync(deadLetters).ConfigureAwait(false);

            // The first batch still queued did not finish: account for its resolved prefix, resume at its first pending line.
            long? continueAt = null;
            SendBatch? stuck = null;
            if (_batches.TryPeek(out var head))
            {
                stuck = _batches.FirstOrDefault(b => b.Outcome == BatchOutcome.Exhausted) ?? head;
                continueAt = await RetirePrefixAsync(head, deadLetters).ConfigureAwait(false);
            }
            else if (!endOfChunk)
            {
                continueAt = nextLine;
            }
            var exhausted = stuck is not null && (stuck.Outcome == BatchOutcome.Exhausted || continueAt == _startLine);
            foreach (var batch in _batches) batch.Dispose();
            _batches.Clear();

            var deadLetterKey = await deadLetters.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
            var result = Result(continueAt, deadLetterKey);
            CheckInvariant(result);
            if (_fatal is not null) throw _fatal;
            // Out of retries — or stopped for the deadline without settling a single line, which a continuation
            // would only repeat: fail, so Step Functions' retry (or an operator's re-run) takes over.
            if (exhausted)
            {
                var unacknowledged = _endLine - _startLine - result.Indexed - result.DeadLettered;
                var why = stuck!.Outcome == BatchOutcome.Exhausted
                    ? $"after {stuck.Attempts} attempts over {Elapsed.TotalSeconds:0.#} s (limits: opensearch.maxAttempts {_policy.MaxAttempts}, opensearch.maxRetrySeconds {_policy.MaxElapsed.TotalSeconds:0.#})"
                    : $"before the invocation's deadline after {stuck.Attempts} attempts";
                throw new ChunkSendFailedException(
                    $"{_owner.DescribeChunk(_chunk)}: {unacknowledged} of {_endLine - _startLine} lines (from line {_startLine}) remain unacknowledged by OpenSearch at {_owner.Endpoint} " +
                    $"{why}; last error: {stuck.LastError ?? "none"}. Indexed {result.Indexed}, dead-lettered {result.DeadLettered}; re-running the chunk is safe (document ids are deterministic)",
                    unacknowledged, result);
            }
            return result;
        }

        private TimeSpan Elapsed => _time.GetElapsedTime(_started);

        private async Task<Stream> OpenChunkAsync()
        {
            var stream = await _owner._store.OpenReadAsync(_chunk.ChunkKey, 0, _cancellation).ConfigureAwait(false);
            return string.Equals(_chunk.Compression, "gzip", StringComparison.OrdinalIgnoreCase)
                ? new GZipStream(stream, CompressionMode.Decompress, leaveOpen: false)
                : stream;
        }

        /// <summary>Packs lines into <paramref name="batch"/> until it is full or the chunk ends; returns whether the reader holds an unplaced line.</summary>
        private async Task<bool> FillAsync(SendBatch batch, ChunkLineReader reader, bool holding)
        {
            while (holding)
            {
                if (!TryPlace(batch, reader.LineNumber, reader.Current)) return true;
                holding = await reader.MoveNextAsync(_cancellation).ConfigureAwait(false);
            }
            return false;
        }

        private bool TryPlace(SendBatch batch, long line, ReadOnlySpan<byte> raw)
        {
            if (batch.Body.IsFull) return false;
            var encoding = LineEncodings.Detect(raw);
            if (Options.ClientPipeline is { } pipeline) return TryPlaceIngested(batch, pipeline, line, raw, encoding);
            if (batch.TryAddLine(_template, line, raw, encoding)) return true;
            if (batch.Body.Count > 0 || batch.RawFull(raw.Length)) return false;
            // Alone in an empty body and still too large: no request can carry it.
            return batch.TryAddResolved(line, raw, encoding, ItemState.Dead, TooLarge(raw.Length));
        }

        private bool TryPlaceIngested(SendBatch batch, IngestPipeline pipeline, long line, ReadOnlySpan<byte> raw, LineEncoding encoding)
        {
            if (batch.RawFull(raw.Length)) return false;
            var id = StagingLayout.DocumentId(_chunk.SourceId, line);
            // One document for the whole chunk, reset per line: TryAddDocument serialises it before the next line.
            var document = _ingestDocument ??= new IngestDocument(_settings.DefaultIndex, id, new Dictionary<string, object?>(16));
            document.Reset(_settings.DefaultIndex, id);
            var source = document.Source;
            source["message"] = LineEncodings.Decode(raw, encoding);
            if (encoding == LineEncoding.Latin1) source[LineEncodings.MarkerField] = LineEncodings.Latin1Name;
            var outcome = pipeline.Execute(document);
            switch (outcome.Status)
            {
                case IngestStatus.Dropped:
                    return batch.TryAddResolved(line, raw, encoding, ItemState.Noop);
                case IngestStatus.Failed:
                    return batch.TryAddResolved(line, raw, encoding, ItemState.Dead,
                        (400, outcome.ErrorType ?? "ingest_processor_exception", outcome.Reason ?? "the ingest pipeline failed"));
            }
            if (batch.TryAddDocument(line, raw, encoding, document.Index, document.Id ?? id, document.Source)) return true;
            if (batch.Body.Count > 0) return false;
            return batch.TryAddResolved(line, raw, encoding, ItemState.Dead, TooLarge(raw.Length));
        }

        private static (int, string, string) TooLarge(int bytes) =>
            (413, "document_too_large", $"the line ({bytes} bytes) makes a bulk item larger than the {BulkBodyBuilder.HardLimitBytes} bytes a request may carry");

        private async Task SendAndReleaseAsync(SendBatch batch, SemaphoreSlim slots)
        {
            try
            {
                await Task.Yield();
                await SendBatchAsync(batch).ConfigureAwait(false);
            }
            finally
            {
                if (batch.Outcome != BatchOutcome.Finished) _stopProducing = true;
                slots.Release();
            }
        }

        /// <summary>Sends the batch's pending items until none is left, retries run out, the deadline nears, or a fatal error.</summary>
        private async Task SendBatchAsync(SendBatch batch)
        {
            var firstSend = _time.GetTimestamp();
            try
            {
                while (true)
                {
                    var pending = batch.PendingItems();
                    if (pending.Count == 0)
                    {
                        batch.Outcome = BatchOutcome.Finished;
                        return;
                    }
                    if (batch.Attempts > 0) Interlocked.Add(ref _retriedItems, pending.Count);
                    batch.Attempts++;
                    var retryAfter = await SendOnceAsync(batch, pending).ConfigureAwait(false);
                    if (batch.PendingItems().Count == 0)
                    {
                        batch.Outcome = BatchOutcome.Finished;
                        return;
                    }
                    if (batch.Attempts >= _policy.MaxAttempts)
                    {
                        batch.Outcome = BatchOutcome.Exhausted;
                        return;
                    }
                    double unit;
                    lock (Options.Random) unit = Options.Random.NextDouble();
                    var delay = _policy.Delay(batch.Attempts, unit, retryAfter);
                    if (_time.GetElapsedTime(firstSend) + delay > _policy.MaxElapsed)
                    {
                        batch.Outcome = BatchOutcome.Exhausted;
                        return;
                    }
                    if (NearDeadline(delay))
                    {
                        batch.Outcome = BatchOutcome.Unfinished;
                        return;
                    }
                    if (delay > TimeSpan.Zero) await Task.Delay(delay, _time, Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (Token.IsCancellationRequested)
            {
                batch.Outcome = BatchOutcome.Unfinished;
            }
            catch (Exception e)
            {
                // Anything else (a refusal no retry fixes, a broken response, a bug) fails the chunk; never lose it.
                batch.Outcome = BatchOutcome.Faulted;
                Interlocked.CompareExchange(ref _fatal, e, null);
                await _stop.CancelAsync().ConfigureAwait(false);
            }
        }

        /// <summary>One request for <paramref name="pending"/>; resolves the items it can. Returns the server's Retry-After, if any.</summary>
        private async Task<TimeSpan?> SendOnceAsync(SendBatch batch, List<int> pending)
        {
            var body = batch.BodyFor(pending);
            var request = new BulkRequest(body.Body, body.Count, Options.ClientPipeline is null ? _settings.Pipeline : null, _settings.GzipRequests);
            var started = _time.GetTimestamp();
            BulkResponse response;
            try
            {
                Interlocked.Increment(ref _requests);
                response = await _owner._transport.BulkAsync(request, Token).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e) && !Token.IsCancellationRequested)
            {
                Interlocked.Add(ref _bytesSent, body.Length);
                batch.LastError = e.Message;
                return null;
            }
            NoteRequestTime(_time.GetElapsedTime(started));
            Interlocked.Add(ref _bytesSent, response.BytesSent > 0 ? response.BytesSent : body.Length);

            if (!response.IsSuccess)
            {
                var what = $"{OpenSearchStatus.Describe(response.StatusCode)} {response.ErrorType}: {response.Reason}";
                if (OpenSearchStatus.IsRetryableRequest(response.StatusCode))
                {
                    batch.LastError = "whole request answered " + what;
                    return response.RetryAfter;
                }
                throw new OpenSearchRequestRejectedException(
                    $"OpenSearch at {_owner.Endpoint} refused a bulk request for {_owner.DescribeChunk(_chunk)} with {what}{Hint(response.StatusCode)}",
                    response.StatusCode);
            }
            var retried = 0;
            for (var k = 0; k < pending.Count; k++)
            {
                var item = pending[k];
                var result = response.Items[k];
                if (result.IsSuccess)
                    batch.Resolve(item, result.Result == "noop" ? ItemState.Noop : ItemState.Acked);
                else if (result.IsRetryable)
                {
                    retried++;
                    batch.LastError = $"item answered {OpenSearchStatus.Describe(result.Status)} {result.ErrorType}: {result.Reason}";
                }
                else
                    batch.Resolve(item, ItemState.Dead, (result.Status, result.ErrorType ?? "error", result.Reason ?? ""));
            }
            return retried > 0 ? response.RetryAfter : null;
        }

        private static bool IsTransient(Exception e) =>
            e is OpenSearchUnreachableException or IOException or HttpRequestException or TimeoutException;

        private static string Hint(int status) => status switch
        {
            401 or 403 => " (check opensearch.auth and the user's permissions)",
            404 => " (check opensearch.endpoint: is it an OpenSearch cluster?)",
            413 => " (lower opensearch.bulkBytes)",
            _ => "",
        };

        private void NoteRequestTime(TimeSpan elapsed)
        {
            var ticks = elapsed.Ticks;
            var seen = Interlocked.Read(ref _longestRequestTicks);
            while (ticks > seen)
            {
                var previous = Interlocked.CompareExchange(ref _longestRequestTicks, ticks, seen);
                if (previous == seen) break;
                seen = previous;
            }
        }

        /// <summary>True when starting something that takes <paramref name="wait"/> plus one request would run into the reserve before the deadline.</summary>
        private bool NearDeadline(TimeSpan wait)
        {
            if (_deadline is not { } deadline) return false;
            var longest = TimeSpan.FromTicks(Interlocked.Read(ref _longestRequestTicks));
            return _time.GetUtcNow() + wait + longest + Options.DeadlineReserve >= deadline;
        }

        /// <summary>Counts and releases finished batches at the front of the queue, writing their dead letters in line order.</summary>
        private async Task RetireAsync(DeadLetterWriter deadLetters)
        {
            while (_batches.TryPeek(out var batch) && batch.Outcome == BatchOutcome.Finished)
            {
                await CountAsync(batch, batch.Count, deadLetters).ConfigureAwait(false);
                _batches.Dequeue().Dispose();
            }
        }

        /// <summary>Counts the resolved items of an unfinished batch before its first pending one; returns where to continue.</summary>
        private async Task<long> RetirePrefixAsync(SendBatch batch, DeadLetterWriter deadLetters)
        {
            var prefix = 0;
            while (prefix < batch.Count && batch.State(prefix) != ItemState.Pending) prefix++;
            await CountAsync(batch, prefix, deadLetters).ConfigureAwait(false);
            return prefix < batch.Count ? batch.Line(prefix) : batch.LastLine + 1;
        }

        private async Task CountAsync(SendBatch batch, int items, DeadLetterWriter deadLetters)
        {
            for (var i = 0; i < items; i++)
            {
                _read++;
                if (batch.Encoding(i) == LineEncoding.Latin1) _latin1++;
                switch (batch.State(i))
                {
                    case ItemState.Acked: _indexed++; break;
                    case ItemState.Noop: _indexed++; _noop++; break;
                    case ItemState.Dead:
                        _dead++;
                        var (status, type, reason) = batch.Failure(i);
                        var key = $"{status} {type}";
                        _reasons[key] = _reasons.GetValueOrDefault(key) + 1;
                        await deadLetters.WriteAsync(new DeadLetter(batch.Line(i), status, type, reason, batch.Raw(i).ToArray(), batch.Encoding(i)), CancellationToken.None).ConfigureAwait(false);
                        break;
                    default:
                        throw new InvalidOperationException($"line {batch.Line(i)} counted while still pending");
                }
            }
        }

        private void CheckAgainstManifest(ChunkLineReader reader)
        {
            var lastLine = reader.LineNumber;
            if (lastLine != _endLine - 1)
                throw new BackfillException($"{_owner.DescribeChunk(_chunk)}: holds lines {_chunk.FirstLine} to {lastLine}, but its manifest row says {_chunk.FirstLine} to {_endLine - 1} (the chunk object changed after the manifest was written; re-run the download step)");
        }

        private ChunkSendResult Result(long? continueAt, string? deadLetterKey) => new()
        {
            ChunkKey = _chunk.ChunkKey,
            StartLine = _startLine,
            LinesRead = _read,
            Indexed = _indexed,
            DeadLettered = _dead,
            Noop = _noop,
            Latin1Lines = _latin1,
            RetriedItems = Interlocked.Read(ref _retriedItems),
            Requests = Interlocked.Read(ref _requests),
            BytesSent = Interlocked.Read(ref _bytesSent),
            Duration = Elapsed,
            ContinueAt = continueAt,
            DeadLetterKey = deadLetterKey,
            DeadLetterReasons = new Dictionary<string, long>(_reasons, StringComparer.Ordinal),
        };

        /// <summary>Nothing lost: every line from the start line to where we stopped is indexed or dead-lettered.</summary>
        private void CheckInvariant(ChunkSendResult result)
        {
            var expected = (result.ContinueAt ?? _endLine) - _startLine;
            if (result.LinesRead != result.Indexed + result.DeadLettered || (_fatal is null && result.LinesRead != expected))
                throw new InvalidOperationException(
                    $"{_owner.DescribeChunk(_chunk)}: accounting broke: read {result.LinesRead}, indexed {result.Indexed}, dead-lettered {result.DeadLettered}, expected {expected} lines from {_startLine}");
        }
    }

    private string Endpoint => _transport.Endpoint;

    private string DescribeChunk(ManifestRow chunk) => $"chunk {_store.Describe(chunk.ChunkKey)}";
}
