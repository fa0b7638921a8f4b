using System.Text.Json;
using System.Text.Json.Nodes;
using Backfill.Aws.Signing;
using Backfill.Core;
using Backfill.Core.Errors;
using Backfill.Core.Input;
using Backfill.Core.OpenSearch;
using Backfill.Core.Reporting;
using Backfill.Core.Sending;
using Backfill.Core.Staging;

namespace Backfill.Functions.Handlers;

/// <summary>
/// SendChunk: one chunk of the send plan into OpenSearch (<see cref="ChunkSender"/>).
/// <para>Event: <c>{"runId", "chunk": &lt;manifest row&gt;, "opensearch", "staging", "continueAt"?}</c> — the execution
/// input's shapes plus the plan row; <c>continueAt</c> is the line an earlier invocation stopped at.</para>
/// <para>Result (camelCase): <c>chunkKey, source, chunkIndex, startLine, linesRead, indexed, deadLettered, noop,
/// latin1Lines, retriedItems, requests, bytesSent, seconds, deadLetterKey?, resultKey, continueAt?</c>. Counts are for
/// the whole chunk so far, continuations included (<c>startLine</c>, <c>noop</c> and <c>latin1Lines</c>: this invocation),
/// so <c>linesRead == indexed + deadLettered</c> always holds and, once <c>continueAt</c> is absent, <c>linesRead</c> is
/// the chunk's line count; <c>requests, retriedItems, bytesSent</c> also include earlier attempts at the chunk in this run.</para>
/// <para>Every invocation also writes the chunk's <see cref="ChunkOutcome"/> (results/{source}/{index}.json): "continuing"
/// with the counts so far when it stops for the deadline (the next invocation adds to them), "succeeded" at the end,
/// "failed" with the error when it throws (a later retry overwrites it, adding its requests: <see cref="ChunkOutcomeStore.RecordAsync"/>).</para>
/// </summary>
public sealed class SendChunkHandler : IFunctionHandler
{
    public const string Continuing = "continuing";
    private static readonly string[] InputFields = ["runId", "opensearch", "staging"];
    private static readonly string[] EventFields = ["runId", "chunk", "opensearch", "staging", "continueAt"];

    private readonly StagingStoreResolver _stores;
    private readonly Func<OpenSearchSettings, IOpenSearchTransport> _transports;
    private readonly Func<SenderOptions> _senderOptions;
    private readonly ClientPipelineLoader _pipelines = new();
    private readonly TimeProvider _time;

    /// <param name="stores">Staging settings → object store.</param>
    /// <param name="transports">OpenSearch settings → transport (<see cref="DefaultTransports"/>; "embedded" → the local run's endpoint).</param>
    /// <param name="senderOptions">Clock, jitter source and deadline reserve for each invocation (tests pass virtual time).</param>
    public SendChunkHandler(StagingStoreResolver stores, Func<OpenSearchSettings, IOpenSearchTransport> transports, Func<SenderOptions>? senderOptions = null)
    {
        _stores = stores;
        _transports = transports;
        _senderOptions = senderOptions ?? (() => new SenderOptions());
        _time = _senderOptions().Time;
    }

    public string Name => "SendChunk";

    /// <summary>HTTP transports with basic auth and AWS SigV4 (es/aoss); <paramref name="embedded"/> serves endpoint "embedded".</summary>
    public static OpenSearchTransportFactory DefaultTransports(Func<IOpenSearchTransport>? embedded = null) =>
        new(embedded, auth => OpenSearchSigning.CreateHandler(auth));

    public async Task<JsonNode?> HandleAsync(JsonNode? input, InvocationContext context, CancellationToken cancellationToken)
    {
        var (request, chunk, continueAt) = Parse(input);
        var store = _stores(request.Staging);
        var layout = StagingLayout.For(request);
        var outcomes = new ChunkOutcomeStore(store, layout);
        var settings = request.OpenSearch;

        // A continuation adds to the counts the previous invocation stored; if they are missing or do not end where
        // we resume, start the chunk over (ids are deterministic, so re-sending only overwrites).
        ChunkOutcome? previous = null;
        if (continueAt is { } resume)
        {
            previous = await outcomes.ReadAsync(chunk.Source, chunk.ChunkIndex, cancellationToken).ConfigureAwait(false);
            if (previous is null || previous.Status != Continuing || previous.Sha256 != chunk.Sha256 || previous.LinesRead != resume - chunk.FirstLine)
            {
                previous = null;
                continueAt = null;
            }
        }

        var transport = _transports(settings);
        var options = _senderOptions();
        if (settings.Ingest == IngestLocation.Client)
            options = With(options, await _pipelines.LoadAsync(transport, settings.Pipeline, cancellationToken).ConfigureAwait(false));
        var sender = new ChunkSender(store, transport, options);
        ChunkSendResult result;
        try
        {
            result = await sender.SendAsync(chunk, settings, layout.DeadLetters(chunk.Source, chunk.ChunkIndex), continueAt, context.Deadline, cancellationToken).ConfigureAwait(false);
        }
        catch (ChunkSendFailedException e)
        {
            await outcomes.RecordAsync(Outcome(chunk, previous, e.Partial, ChunkOutcome.Failed, e), previous is not null, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (BackfillException e)
        {
            await outcomes.RecordAsync(Outcome(chunk, previous, null, ChunkOutcome.Failed, e), previous is not null, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        var status = result.ContinueAt is null ? ChunkOutcome.Succeeded : Continuing;
        var outcome = Outcome(chunk, previous, result, status, null);
        if (outcome.LinesRead != outcome.Indexed + outcome.DeadLettered)
            throw new InvalidOperationException($"SendChunk accounting broke for {chunk.ChunkKey}: read {outcome.LinesRead}, indexed {outcome.Indexed}, dead-lettered {outcome.DeadLettered}");
        outcome = await outcomes.RecordAsync(outcome, previous is not null, cancellationToken).ConfigureAwait(false);

        var output = new JsonObject
        {
            ["chunkKey"] = chunk.ChunkKey,
            ["source"] = chunk.Source,
            ["chunkIndex"] = chunk.ChunkIndex,
            ["startLine"] = result.StartLine,
            ["linesRead"] = outcome.LinesRead,
            ["indexed"] = outcome.Indexed,
            ["deadLettered"] = outcome.DeadLettered,
            ["noop"] = result.Noop,
            ["latin1Lines"] = result.Latin1Lines,
            ["retriedItems"] = outcome.RetriedItems,
            ["requests"] = outcome.Requests,
            ["bytesSent"] = outcome.BytesSent,
            ["seconds"] = outcome.Seconds,
            ["resultKey"] = layout.Result(chunk.Source, chunk.ChunkIndex),
        };
        if (outcome.DeadLetterKey is not null) output["deadLetterKey"] = outcome.DeadLetterKey;
        if (result.ContinueAt is { } next) output["continueAt"] = next;
        return output;
    }

    private ChunkOutcome Outcome(ManifestRow chunk, ChunkOutcome? previous, ChunkSendResult? result, string status, BackfillException? error)
    {
        var reasons = new Dictionary<string, long>(previous?.DeadLetterReasons ?? [], StringComparer.Ordinal);
        foreach (var (reason, count) in result?.DeadLetterReasons ?? new Dictionary<string, long>())
            reasons[reason] = reasons.GetValueOrDefault(reason) + count;
        return new ChunkOutcome
        {
            ChunkKey = chunk.ChunkKey,
            Source = chunk.Source,
            ChunkIndex = chunk.ChunkIndex,
            Sha256 = chunk.Sha256,
            Status = status,
            LinesRead = (previous?.LinesRead ?? 0) + (result?.LinesRead ?? 0),
            Indexed = (previous?.Indexed ?? 0) + (result?.Indexed ?? 0),
            DeadLettered = (previous?.DeadLettered ?? 0) + (result?.DeadLettered ?? 0),
            RetriedItems = (previous?.RetriedItems ?? 0) + (result?.RetriedItems ?? 0),
            Requests = (previous?.Requests ?? 0) + (result?.Requests ?? 0),
            BytesSent = (previous?.BytesSent ?? 0) + (result?.BytesSent ?? 0),
            Seconds = (previous?.Seconds ?? 0) + (result?.Duration.TotalSeconds ?? 0),
            DeadLetterKey = result?.DeadLetterKey ?? previous?.DeadLetterKey,
            Error = error?.GetType().Name,
            Cause = error?.Message,
            DeadLetterReasons = reasons.Count > 0 ? reasons : null,
            FinishedAt = _time.GetUtcNow(),
        };
    }

    private static SenderOptions With(SenderOptions options, Core.Ingest.IngestPipeline pipeline) => new()
    {
        Time = options.Time,
        Random = options.Random,
        DeadlineReserve = options.DeadlineReserve,
        MaxLineBytes = options.MaxLineBytes,
        Retry = options.Retry,
        ClientPipeline = pipeline,
    };

    private (ExecutionInput Request, ManifestRow Chunk, long? ContinueAt) Parse(JsonNode? input)
    {
        var document = $"{Name} event";
        if (input is not JsonObject obj)
            throw new InputValidationException(document, [$"$: expected an object with {string.Join(", ", EventFields)}"]);
        var unknown = obj.Select(p => p.Key).Where(k => Array.IndexOf(EventFields, k) < 0).ToList();
        if (unknown.Count > 0)
            throw new InputValidationException(document, unknown.Select(k => $"$.{k}: unknown field (expected one of: {string.Join(", ", EventFields)})").ToList());

        var view = new JsonObject();
        foreach (var field in InputFields)
            if (obj.TryGetPropertyValue(field, out var value)) view[field] = value?.DeepClone();
        var request = HandlerEvent.Parse(view, Name, InputFields);

        ManifestRow? chunk = null;
        var problems = new List<string>();
        try
        {
            chunk = obj["chunk"]?.Deserialize<ManifestRow>(BackfillJson.Options);
        }
        catch (JsonException e)
        {
            problems.Add($"$.chunk: not a manifest row ({e.Message})");
        }
        if (chunk is null && problems.Count == 0) problems.Add("$.chunk: is required (expected a manifest row: chunkKey, source, sourceId, chunkIndex, firstLine, lineCount, …)");
        else if (chunk is not null)
        {
            if (string.IsNullOrEmpty(chunk.ChunkKey)) problems.Add("$.chunk.chunkKey: is required");
            if (string.IsNullOrEmpty(chunk.SourceId)) problems.Add("$.chunk.sourceId: is required (it names the documents)");
            if (chunk.FirstLine < 1) problems.Add($"$.chunk.firstLine: {chunk.FirstLine} is out of range (expected 1 or more)");
            if (chunk.LineCount < 0) problems.Add($"$.chunk.lineCount: {chunk.LineCount} is out of range (expected 0 or more)");
            if (chunk.Compression is not ("none" or "gzip")) problems.Add($"$.chunk.compression: \"{chunk.Compression}\" is not supported (expected none or gzip)");
        }

        long? continueAt = null;
        if (obj["continueAt"] is { } c && c.GetValueKind() != JsonValueKind.Null)
        {
            if (c.GetValueKind() == JsonValueKind.Number && c.AsValue().TryGetValue<long>(out var line)) continueAt = line;
            else problems.Add($"$.continueAt: expected a line number, found {c.ToJsonString()}");
        }
        if (problems.Count > 0) throw new InputValidationException(document, problems);
        return (request, chunk!, continueAt);
    }
}
