using System.Text;
using System.Text.Json;
using Backfill.Core.Ingest;
using Backfill.Local.OpenSearch.Faults;
using Backfill.Local.OpenSearch.Ingest;
using Backfill.Local.OpenSearch.Rest;
using Backfill.Local.OpenSearch.Storage;

namespace Backfill.Local.OpenSearch.Bulk;

/// <summary>
/// Runs the items of one bulk request in order: injected faults, pipeline (the item's, the request's, or the
/// target index's <c>index.default_pipeline</c>; <c>_none</c> for none), index-name and id checks, then the write.
/// Each outcome goes to the sink with OpenSearch's status and error type. Without a pipeline the source bytes are
/// only checked to be one JSON object and stored as sent.
/// <para>Two passes: first every item is checked and run through its pipeline (no lock held; the documents a
/// pipeline makes go to one pooled buffer), then the writes, deletes and outcomes follow in item order, holding
/// an index's lock once for each run of consecutive items into it. Pipelines never read the store, so this is
/// the same as one pass item by item, minus the lock traffic that concurrent requests into the same daily index
/// spent most of their time on.</para>
/// </summary>
internal sealed class BulkExecutor(IndexCatalog indices, PipelineStore pipelines, TemplateStore templates, FaultInjector faults)
{
    private const int MaxIdBytes = 512;
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, Encoder = SourceWriter.Encoder };

    public void Execute(ReadOnlyMemory<byte> body, BulkParameters parameters, IBulkResultSink sink, in RequestFaults requestFaults)
    {
        using var items = BulkRequestParser.Parse(body);
        var plans = ArrayStash<ItemPlan>.Shared.Rent(items.Count);
        var run = new RequestRun(this, body, parameters);
        try
        {
            for (var i = 0; i < items.Count; i++) plans[i] = run.Prepare(ref items[i], requestFaults);
            run.Apply(plans.AsSpan(0, items.Count), sink);
        }
        finally
        {
            ArrayStash<ItemPlan>.Shared.Return(plans, items.Count);
            run.Dispose();
        }
    }

    private enum PlanKind : byte { Failure, Noop, Write, Delete }

    /// <summary>What the first pass decided for one item; the second pass carries it out.</summary>
    private struct ItemPlan
    {
        public PlanKind Kind;
        public BulkAction Action;
        public string? Index;
        public ReadOnlyMemory<byte> Id;
        /// <summary>Where the source to store is: in the request body, or in the pipeline output buffer.</summary>
        public bool SourceInOutput;
        public int SourceStart;
        public int SourceLength;
        public int Status;
        public string? ErrorType;
        public string? Reason;

        public static ItemPlan Failure(BulkAction action, string? index, ReadOnlyMemory<byte> id, int status, string type, string reason) =>
            new() { Kind = PlanKind.Failure, Action = action, Index = index, Id = id, Status = status, ErrorType = type, Reason = reason };
    }

    /// <summary>One request's state across both passes.</summary>
    private sealed class RequestRun(BulkExecutor owner, ReadOnlyMemory<byte> body, BulkParameters parameters) : IDisposable
    {
        private PooledBufferWriter? _output;
        private Utf8JsonWriter? _writer;
        private IngestDocument? _document;
        private string? _pipelineId;
        private IngestPipeline? _pipeline;
        private string? _validIndex;
        private readonly HashSet<IndexLog> _touched = [];

        public ItemPlan Prepare(ref BulkItem item, in RequestFaults requestFaults)
        {
            var index = item.Index ?? parameters.DefaultIndex;
            var id = item.Id;
            if (!item.HasId && item.Action is BulkAction.Index or BulkAction.Create)
            {
                var generated = new byte[22];
                id = generated.AsMemory(0, NewId(generated));
            }

            var fault = owner._faults.ItemFault(requestFaults);
            if (fault == 429)
                return ItemPlan.Failure(item.Action, index, id, 429, "rejected_execution_exception",
                    "rejected execution of coordinating operation [injected by the embedded endpoint fault options]");
            if (fault == 400)
                return ItemPlan.Failure(item.Action, index, id, 400, "mapper_parsing_exception", "failed to parse [injected by the embedded endpoint fault options]");
            if (index is null)
                return ItemPlan.Failure(item.Action, null, id, 400, "action_request_validation_exception", "Validation Failed: 1: index is missing;");
            switch (item.Action)
            {
                case BulkAction.Update:
                    return ItemPlan.Failure(item.Action, index, id, 400, "illegal_argument_exception", "the embedded endpoint does not support update actions (expected index, create or delete)");
                case BulkAction.Delete:
                    if (!item.HasId) return ItemPlan.Failure(item.Action, index, id, 400, "action_request_validation_exception", "Validation Failed: 1: id is missing;");
                    if (InvalidIndexName(item.Action, index, id, out var refused)) return refused;
                    return new ItemPlan { Kind = PlanKind.Delete, Action = item.Action, Index = index, Id = id };
                default:
                    return PrepareWrite(ref item, index, id);
            }
        }

        private ItemPlan PrepareWrite(ref BulkItem item, string index, ReadOnlyMemory<byte> id)
        {
            if (InvalidId(item.Action, index, id, out var refused)) return refused;
            var source = body.Span.Slice(item.SourceStart, item.SourceLength);
            var pipelineId = item.Pipeline ?? parameters.Pipeline ?? owner._templates.DefaultPipelineFor(index);
            if (pipelineId is "_none") pipelineId = null;
            if (pipelineId is null)
            {
                if (!IsJsonObject(source, out var problem))
                    return ItemPlan.Failure(item.Action, index, id, 400, "mapper_parsing_exception", "failed to parse: " + problem);
                if (InvalidIndexName(item.Action, index, id, out refused)) return refused;
                return new ItemPlan { Kind = PlanKind.Write, Action = item.Action, Index = index, Id = id, SourceStart = item.SourceStart, SourceLength = item.SourceLength };
            }

            var pipeline = Pipeline(pipelineId);
            if (pipeline is null)
                return ItemPlan.Failure(item.Action, index, id, 400, "illegal_argument_exception", $"pipeline with id [{pipelineId}] does not exist");
            // One document per run, reset for each item: its source is serialised below before the next is read.
            var idText = Encoding.UTF8.GetString(id.Span);
            var ingest = _document ??= new IngestDocument(index, idText, new Dictionary<string, object?>(SourceReader.Capacity));
            ingest.Reset(index, idText);
            RawString raw;
            try
            {
                SourceReader.Read(source, ingest.Source, out raw);
            }
            catch (JsonException e)
            {
                return ItemPlan.Failure(item.Action, index, id, 400, "mapper_parsing_exception", "failed to parse: " + e.Message);
            }
            var outcome = pipeline.Execute(ingest);
            if (outcome.Status == IngestStatus.Failed)
                return ItemPlan.Failure(item.Action, index, id, 400, outcome.ErrorType ?? "illegal_argument_exception", outcome.Reason ?? "pipeline failed");
            if (outcome.Status == IngestStatus.Dropped)
                return new ItemPlan { Kind = PlanKind.Noop, Action = item.Action, Index = index, Id = id };

            var finalIndex = ingest.Index;
            // A pipeline rarely changes _id; only then is the new one encoded.
            var finalId = ingest.Id is { } changed && !ReferenceEquals(changed, idText) && changed != idText ? Encoding.UTF8.GetBytes(changed) : id;
            if (InvalidIndexName(item.Action, finalIndex, finalId, out refused)) return refused;
            var output = _output ??= new PooledBufferWriter(body.Length * 3);
            if (_writer is null) _writer = new Utf8JsonWriter(output, WriterOptions);
            else _writer.Reset(output);
            var start = output.WrittenCount;
            SourceWriter.Write(_writer, ingest.Source, raw, source);
            _writer.Flush();
            return new ItemPlan
            {
                Kind = PlanKind.Write, Action = item.Action, Index = finalIndex, Id = finalId,
                SourceInOutput = true, SourceStart = start, SourceLength = output.WrittenCount - start,
            };
        }

        private IngestPipeline? Pipeline(string id)
        {
            if (!ReferenceEquals(id, _pipelineId) && id != _pipelineId)
            {
                _pipeline = owner._pipelines.Find(id);
                _pipelineId = id;
            }
            return _pipeline;
        }

        /// <summary>True (with the failure) when the index name is not valid; the last valid name is remembered.</summary>
        private bool InvalidIndexName(BulkAction action, string index, ReadOnlyMemory<byte> id, out ItemPlan failure)
        {
            failure = default;
            if (ReferenceEquals(index, _validIndex) || index == _validIndex) return false;
            var problem = IndexNames.Validate(index);
            if (problem is null)
            {
                _validIndex = index;
                return false;
            }
            failure = ItemPlan.Failure(action, index, id, 400, "invalid_index_name_exception", $"Invalid index name [{index}], {problem}");
            return true;
        }

        /// <summary>True (with the failure) when the id is empty or too long.</summary>
        private static bool InvalidId(BulkAction action, string index, ReadOnlyMemory<byte> id, out ItemPlan failure)
        {
            failure = default;
            if (id.Length == 0)
            {
                failure = ItemPlan.Failure(action, index, id, 400, "illegal_argument_exception", "if _id is specified it must not be empty");
                return true;
            }
            if (id.Length > MaxIdBytes)
            {
                failure = ItemPlan.Failure(action, index, id, 400, "illegal_argument_exception", $"id [{Encoding.UTF8.GetString(id.Span)}] is too long, must be no longer than 512 bytes but was: {id.Length}");
                return true;
            }
            return false;
        }

        /// <summary>The second pass: writes and deletes in item order, every outcome to the sink in item order.</summary>
        public void Apply(ReadOnlySpan<ItemPlan> plans, IBulkResultSink sink)
        {
            IndexLog? held = null;
            var scope = default(IndexLog.WriteScope);
            try
            {
                foreach (ref readonly var plan in plans)
                {
                    var id = plan.Id.Span;
                    switch (plan.Kind)
                    {
                        case PlanKind.Failure:
                            sink.Failure(plan.Action, plan.Index, id, plan.Status, plan.ErrorType!, plan.Reason!);
                            break;
                        case PlanKind.Noop:
                            sink.Success(plan.Action, plan.Index!, id, 200, "noop", -3, -2);
                            break;
                        case PlanKind.Write:
                        {
                            var log = owner._indices.GetOrCreate(plan.Index!);
                            Hold(log, ref held, ref scope);
                            var source = plan.SourceInOutput ? _output!.Slice(plan.SourceStart, plan.SourceLength) : body.Span.Slice(plan.SourceStart, plan.SourceLength);
                            var outcome = scope.Index(id, source, createOnly: plan.Action == BulkAction.Create);
                            switch (outcome.Result)
                            {
                                case WriteResult.Conflict:
                                    sink.Failure(plan.Action, plan.Index, id, 409, "version_conflict_engine_exception",
                                        $"[{Encoding.UTF8.GetString(id)}]: version conflict, document already exists (current version [{outcome.Version}])");
                                    break;
                                case WriteResult.Created:
                                    sink.Success(plan.Action, plan.Index!, id, 201, "created", outcome.Version, outcome.SeqNo);
                                    break;
                                default:
                                    sink.Success(plan.Action, plan.Index!, id, 200, "updated", outcome.Version, outcome.SeqNo);
                                    break;
                            }
                            break;
                        }
                        case PlanKind.Delete:
                        {
                            var log = owner._indices.Find(plan.Index!);
                            if (log is null)
                            {
                                sink.Success(plan.Action, plan.Index!, id, 404, "not_found", 1, 0);
                                break;
                            }
                            Hold(log, ref held, ref scope);
                            var outcome = scope.Delete(id);
                            if (outcome.Result == WriteResult.Deleted) sink.Success(plan.Action, plan.Index!, id, 200, "deleted", outcome.Version, outcome.SeqNo);
                            else sink.Success(plan.Action, plan.Index!, id, 404, "not_found", outcome.Version, outcome.SeqNo);
                            break;
                        }
                    }
                }
            }
            finally
            {
                if (held is not null) scope.Dispose();
                foreach (var log in _touched) log.Flush();
            }
        }

        /// <summary>Makes <paramref name="log"/> the index whose lock is held, releasing the previous one.</summary>
        private void Hold(IndexLog log, ref IndexLog? held, ref IndexLog.WriteScope scope)
        {
            if (ReferenceEquals(log, held)) return;
            if (held is not null) scope.Dispose();
            held = null;
            scope = log.BeginWrites();
            held = log;
            _touched.Add(log);
        }

        public void Dispose()
        {
            _writer?.Dispose();
            _output?.Dispose();
        }
    }

    private readonly IndexCatalog _indices = indices;
    private readonly PipelineStore _pipelines = pipelines;
    private readonly TemplateStore _templates = templates;
    private readonly FaultInjector _faults = faults;

    private static bool IsJsonObject(ReadOnlySpan<byte> source, out string problem)
    {
        problem = "";
        try
        {
            var reader = new Utf8JsonReader(source);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                problem = "expected a JSON object as the document source";
                return false;
            }
            reader.Skip();
            if (reader.Read())
            {
                problem = "unexpected content after the document source";
                return false;
            }
            return true;
        }
        catch (JsonException e)
        {
            problem = e.Message;
            return false;
        }
    }

    /// <summary>An auto-generated id: 22 URL-safe base64 characters of a random GUID (OpenSearch uses 20 of a time-based UUID).</summary>
    private static int NewId(Span<byte> destination)
    {
        Span<byte> guid = stackalloc byte[16];
        Guid.NewGuid().TryWriteBytes(guid);
        System.Buffers.Text.Base64Url.EncodeToUtf8(guid, destination, out _, out var written);
        return written;
    }
}
