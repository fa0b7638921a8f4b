using System.Text.Json;

namespace Backfill.Core.Ingest;

/// <summary>
/// Writes the entries of a <c>_ingest/pipeline/_simulate</c> response as OpenSearch does: for each document
/// <c>{"doc":{…}}</c>, <c>{"error":{…}}</c> or <c>null</c> (dropped); with verbose, <c>{"processor_results":[…]}</c>
/// holding each processor's type, tag, status and document (or error). Used by <c>backfill pipeline simulate</c>.
/// </summary>
public static class IngestSimulation
{
    /// <summary>Runs <paramref name="pipeline"/> over <paramref name="document"/> and writes its <c>docs[]</c> entry.</summary>
    public static IngestResult WriteEntry(Utf8JsonWriter writer, IngestPipeline pipeline, IngestDocument document, bool verbose)
    {
        if (!verbose)
        {
            var result = pipeline.Execute(document);
            WriteResult(writer, document, result);
            return result;
        }
        var trace = new List<ProcessorTrace>();
        var outcome = pipeline.Execute(document, trace);
        writer.WriteStartObject();
        writer.WriteStartArray("processor_results");
        foreach (var step in trace) WriteTrace(writer, step);
        writer.WriteEndArray();
        writer.WriteEndObject();
        return outcome;
    }

    /// <summary>The non-verbose entry for a document the pipeline already ran over.</summary>
    public static void WriteResult(Utf8JsonWriter writer, IngestDocument document, IngestResult result)
    {
        switch (result.Status)
        {
            case IngestStatus.Dropped:
                writer.WriteNullValue();
                break;
            case IngestStatus.Failed:
                writer.WriteStartObject();
                writer.WritePropertyName("error");
                WriteError(writer, result.ErrorType ?? "exception", result.Reason ?? "", result.ProcessorType, result.ProcessorTag,
                    result.CausedByType, result.CausedByReason);
                writer.WriteEndObject();
                break;
            default:
                writer.WriteStartObject();
                writer.WritePropertyName("doc");
                IngestDocumentJson.WriteSimulatedDocument(writer, document);
                writer.WriteEndObject();
                break;
        }
    }

    public static void WriteTrace(Utf8JsonWriter writer, ProcessorTrace step)
    {
        writer.WriteStartObject();
        writer.WriteString("processor_type", step.ProcessorType);
        writer.WriteString("status", step.StatusText);
        if (step.Tag is not null) writer.WriteString("tag", step.Tag);
        if (step.Description is not null) writer.WriteString("description", step.Description);
        if (step.ErrorType is not null)
        {
            if (step.Status == ProcessorTraceStatus.ErrorIgnored)
            {
                writer.WriteStartObject("ignored_error");
                writer.WritePropertyName("error");
                WriteError(writer, step.ErrorType, step.Reason ?? "", step.ProcessorType, step.Tag, step.CausedByType, step.CausedByReason);
                writer.WriteEndObject();
            }
            else
            {
                writer.WritePropertyName("error");
                WriteError(writer, step.ErrorType, step.Reason ?? "", step.ProcessorType, step.Tag, step.CausedByType, step.CausedByReason);
            }
        }
        if (step.Document is not null)
        {
            writer.WritePropertyName("doc");
            IngestDocumentJson.WriteSimulatedDocument(writer, step.Document);
        }
        writer.WriteEndObject();
    }

    /// <summary>OpenSearch's error object: root_cause, type, reason, caused_by, and the processor in header.</summary>
    public static void WriteError(Utf8JsonWriter writer, string type, string reason, string? processorType = null, string? processorTag = null,
        string? causedByType = null, string? causedByReason = null)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("root_cause");
        WriteCause(writer, type, reason, processorType, processorTag);
        writer.WriteEndArray();
        WriteCauseBody(writer, type, reason, processorType, processorTag);
        if (causedByType is not null)
        {
            writer.WriteStartObject("caused_by");
            writer.WriteString("type", causedByType);
            writer.WriteString("reason", causedByReason ?? "");
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void WriteCause(Utf8JsonWriter writer, string type, string reason, string? processorType, string? processorTag)
    {
        writer.WriteStartObject();
        WriteCauseBody(writer, type, reason, processorType, processorTag);
        writer.WriteEndObject();
    }

    private static void WriteCauseBody(Utf8JsonWriter writer, string type, string reason, string? processorType, string? processorTag)
    {
        writer.WriteString("type", type);
        writer.WriteString("reason", reason);
        if (processorType is null) return;
        writer.WriteStartObject("header");
        writer.WriteString("processor_type", processorType);
        if (processorTag is not null) writer.WriteString("processor_tag", processorTag);
        writer.WriteEndObject();
    }
}
