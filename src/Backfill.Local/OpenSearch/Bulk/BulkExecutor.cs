using System.Buffers;
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
/// </summary>
internal sealed class BulkExecutor(IndexCatalog indices, PipelineStore pipelines, TemplateStore templates, FaultInjector faults)
{
    private const int MaxIdBytes = 512;

    public void Execute(ReadOnlyMemory<byte> body, BulkParameters parameters, IBulkResultSink sink, in RequestFaults requestFaults)
    {
        var items = BulkRequestParser.Parse(body);
        var touched = new HashSet<IndexLog>();
        var scratch = new ArrayBufferWriter<byte>(4096);
        using var writer = new Utf8JsonWriter(scratch, new JsonWriterOptions { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var generated = new byte[22];
        try
        {
            foreach (var item in items)
            {
                var index = item.Index ?? parameters.DefaultIndex;
                ReadOnlySpan<byte> id = item.Id.Span;
                if (!item.HasId && item.Action is BulkAction.Index or BulkAction.Create)
                    id = generated.AsSpan(0, NewId(generated));

                var fault = faults.ItemFault(requestFaults);
                if (fault == 429)
                {
                    sink.Failure(item.Action, index, id, 429, "rejected_execution_exception",
                        "rejected execution of coordinating operation [injected by the embedded endpoint fault options]");
                    continue;
                }
                if (fault == 400)
                {
                    sink.Failure(item.Action, index, id, 400, "mapper_parsing_exception", "failed to parse [injected by the embedded endpoint fault options]");
                    continue;
                }
                if (index is null)
                {
                    sink.Failure(item.Action, null, id, 400, "action_request_validation_exception", "Validation Failed: 1: index is missing;");
                    continue;
                }
                switch (item.Action)
                {
                    case BulkAction.Update:
                        sink.Failure(item.Action, index, id, 400, "illegal_argument_exception", "the embedded endpoint does not support update actions (expected index, create or delete)");
                        break;
                    case BulkAction.Delete:
                        Delete(item, index, id, sink, touched);
                        break;
                    default:
                        Write(item, body.Span.Slice(item.SourceStart, item.SourceLength), index, id, parameters, sink, touched, scratch, writer);
                        break;
                }
            }
        }
        finally
        {
            foreach (var log in touched) log.Flush();
        }
    }

    private void Write(in BulkItem item, ReadOnlySpan<byte> source, string index, ReadOnlySpan<byte> id, BulkParameters parameters,
        IBulkResultSink sink, HashSet<IndexLog> touched, ArrayBufferWriter<byte> scratch, Utf8JsonWriter writer)
    {
        if (CheckId(item.Action, index, id, sink)) return;
        var pipelineId = item.Pipeline ?? parameters.Pipeline ?? templates.DefaultPipelineFor(index);
        if (pipelineId is "_none") pipelineId = null;
        if (pipelineId is null)
        {
            if (!IsJsonObject(source, out var problem))
            {
                sink.Failure(item.Action, index, id, 400, "mapper_parsing_exception", "failed to parse: " + problem);
                return;
            }
            Store(item.Action, index, id, source, sink, touched);
            return;
        }

        var pipeline = pipelines.Find(pipelineId);
        if (pipeline is null)
        {
            sink.Failure(item.Action, index, id, 400, "illegal_argument_exception", $"pipeline with id [{pipelineId}] does not exist");
            return;
        }
        Dictionary<string, object?> document;
        try
        {
            document = IngestDocumentJson.ReadSource(source);
        }
        catch (JsonException e)
        {
            sink.Failure(item.Action, index, id, 400, "mapper_parsing_exception", "failed to parse: " + e.Message);
            return;
        }
        var idText = Encoding.UTF8.GetString(id);
        var ingest = new IngestDocument(index, idText, document);
        var outcome = pipeline.Execute(ingest);
        if (outcome.Status == IngestStatus.Failed)
        {
            sink.Failure(item.Action, index, id, 400, outcome.ErrorType ?? "illegal_argument_exception", outcome.Reason ?? "pipeline failed");
            return;
        }
        if (outcome.Status == IngestStatus.Dropped)
        {
            sink.Success(item.Action, index, id, 200, "noop", -3, -2);
            return;
        }
        var finalIndex = ingest.Index;
        // A pipeline rarely changes _id; only then is the new one encoded.
        var finalId = ingest.Id is { } changed && !ReferenceEquals(changed, idText) && changed != idText ? Encoding.UTF8.GetBytes(changed) : id;
        scratch.ResetWrittenCount();
        writer.Reset(scratch);
        IngestDocumentJson.WriteSource(writer, ingest.Source);
        writer.Flush();
        Store(item.Action, finalIndex, finalId, scratch.WrittenSpan, sink, touched);
    }

    private void Store(BulkAction action, string index, ReadOnlySpan<byte> id, ReadOnlySpan<byte> source, IBulkResultSink sink, HashSet<IndexLog> touched)
    {
        if (CheckIndexName(action, index, id, sink)) return;
        var log = indices.GetOrCreate(index);
        touched.Add(log);
        var outcome = log.Index(id, source, createOnly: action == BulkAction.Create);
        switch (outcome.Result)
        {
            case WriteResult.Conflict:
                sink.Failure(action, index, id, 409, "version_conflict_engine_exception",
                    $"[{Encoding.UTF8.GetString(id)}]: version conflict, document already exists (current version [{outcome.Version}])");
                break;
            case WriteResult.Created:
                sink.Success(action, index, id, 201, "created", outcome.Version, outcome.SeqNo);
                break;
            default:
                sink.Success(action, index, id, 200, "updated", outcome.Version, outcome.SeqNo);
                break;
        }
    }

    private void Delete(in BulkItem item, string index, ReadOnlySpan<byte> id, IBulkResultSink sink, HashSet<IndexLog> touched)
    {
        if (!item.HasId)
        {
            sink.Failure(item.Action, index, id, 400, "action_request_validation_exception", "Validation Failed: 1: id is missing;");
            return;
        }
        if (CheckIndexName(item.Action, index, id, sink)) return;
        var log = indices.Find(index);
        if (log is null)
        {
            sink.Success(item.Action, index, id, 404, "not_found", 1, 0);
            return;
        }
        touched.Add(log);
        var outcome = log.Delete(id);
        if (outcome.Result == WriteResult.Deleted) sink.Success(item.Action, index, id, 200, "deleted", outcome.Version, outcome.SeqNo);
        else sink.Success(item.Action, index, id, 404, "not_found", outcome.Version, outcome.SeqNo);
    }

    /// <summary>True (and the failure reported) when the id is empty or too long.</summary>
    private static bool CheckId(BulkAction action, string index, ReadOnlySpan<byte> id, IBulkResultSink sink)
    {
        if (id.Length == 0)
        {
            sink.Failure(action, index, id, 400, "illegal_argument_exception", "if _id is specified it must not be empty");
            return true;
        }
        if (id.Length > MaxIdBytes)
        {
            sink.Failure(action, index, id, 400, "illegal_argument_exception", $"id [{Encoding.UTF8.GetString(id)}] is too long, must be no longer than 512 bytes but was: {id.Length}");
            return true;
        }
        return false;
    }

    private static bool CheckIndexName(BulkAction action, string index, ReadOnlySpan<byte> id, IBulkResultSink sink)
    {
        var problem = IndexNames.Validate(index);
        if (problem is null) return false;
        sink.Failure(action, index, id, 400, "invalid_index_name_exception", $"Invalid index name [{index}], {problem}");
        return true;
    }

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
