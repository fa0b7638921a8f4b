using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backfill.Core.Storage;
using Backfill.Local.Asl.Choice;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Execution;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Records;

namespace Backfill.Local.Asl.Map;

/// <summary>
/// Writes a Distributed Map's child results as ResultWriter does: SUCCEEDED_0, FAILED_0 (failed, timed out,
/// aborted) and PENDING_0 (never started) files with one entry per child execution, then manifest.json listing
/// them, under <c>&lt;Prefix&gt;/&lt;map run id&gt;/</c>. Problems are States.ResultWriterFailed.
/// </summary>
internal static class ResultWriting
{
    public static async Task<JsonObject> WriteAsync(ResultWriterConfig config, StateRun run, JsonNode? effectiveInput, string mapRunArn,
        IReadOnlyList<ChildExecution> children, CancellationToken cancellationToken)
    {
        var parameters = config.Parameters?.Evaluate(run.Scope(effectiveInput)) as JsonObject
                         ?? throw Failed(run, "the ResultWriter Parameters must evaluate to an object with Bucket and Prefix");
        if (!JsonValues.TryGetString(parameters["Bucket"], out var bucket) || bucket.Length == 0)
            throw Failed(run, "the ResultWriter Parameters must contain 'Bucket' as a non-empty string");
        var prefix = JsonValues.TryGetString(parameters["Prefix"], out var p) ? p : "";
        if (prefix.Length > 0 && !prefix.EndsWith('/')) prefix += "/";
        var store = ItemReading.ResolveStore(run, bucket, Failed);
        var folder = prefix + mapRunArn[(mapRunArn.LastIndexOf(':') + 1)..] + "/";
        var extension = config.JsonLines ? ".jsonl" : ".json";
        var transformation = config.Transformation ?? ResultTransformation.None;

        var groups = new (string Name, Func<RunStatus, bool> Includes)[]
        {
            ("SUCCEEDED", s => s == RunStatus.Succeeded),
            ("FAILED", s => s is RunStatus.Failed or RunStatus.TimedOut or RunStatus.Aborted),
            ("PENDING", s => s == RunStatus.NotStarted),
        };
        var resultFiles = new JsonObject();
        try
        {
            foreach (var (name, includes) in groups.OrderBy(g => g.Name, StringComparer.Ordinal))
            {
                var entries = children.Where(c => includes(c.Record.Status))
                    .Select(c => Entry(c, name == "SUCCEEDED" ? transformation : ResultTransformation.None, run))
                    .ToList();
                var files = new JsonArray();
                if (entries.Count > 0)
                {
                    var key = folder + name + "_0" + extension;
                    var bytes = Serialize(entries, config.JsonLines);
                    await store.PutAsync(key, bytes, cancellationToken).ConfigureAwait(false);
                    files.Add(new JsonObject { ["Key"] = key, ["Size"] = bytes.Length });
                }
                resultFiles[name] = files;
            }
            var manifest = new JsonObject
            {
                ["DestinationBucket"] = bucket,
                ["MapRunArn"] = mapRunArn,
                ["ResultFiles"] = resultFiles,
            };
            var manifestKey = folder + "manifest.json";
            await store.PutAsync(manifestKey, Encoding.UTF8.GetBytes(manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true })), cancellationToken).ConfigureAwait(false);
            return new JsonObject
            {
                ["MapRunArn"] = mapRunArn,
                ["ResultWriterDetails"] = new JsonObject { ["Bucket"] = bucket, ["Key"] = manifestKey },
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Core.Errors.BackfillException)
        {
            throw Failed(run, e.Message);
        }
    }

    /// <summary>The Map's own output when WriterConfig is given without a destination.</summary>
    public static JsonArray Shape(ResultTransformation transformation, IReadOnlyList<ChildExecution> children, StateRun run)
    {
        var result = new JsonArray();
        foreach (var child in children)
        {
            var entry = Entry(child, transformation, run);
            if (transformation == ResultTransformation.Flatten && entry is JsonArray items)
                foreach (var item in items.ToList()) result.Add(JsonValues.Clone(item));
            else result.Add(entry);
        }
        return result;
    }

    private static JsonNode? Entry(ChildExecution child, ResultTransformation transformation, StateRun run)
    {
        var record = child.Record;
        if (record.Status == RunStatus.Succeeded && transformation != ResultTransformation.None) return JsonValues.Clone(record.Output);
        var status = record.Status switch
        {
            RunStatus.Succeeded => "SUCCEEDED",
            RunStatus.Failed => "FAILED",
            RunStatus.TimedOut => "TIMED_OUT",
            RunStatus.Aborted => "ABORTED",
            _ => "PENDING",
        };
        var entry = new JsonObject
        {
            ["ExecutionArn"] = child.ExecutionArn,
            ["Input"] = JsonValues.ToJson(child.Input),
            ["InputDetails"] = new JsonObject { ["Included"] = true },
            ["Name"] = child.Name,
        };
        if (record.Status == RunStatus.Succeeded)
        {
            entry["Output"] = JsonValues.ToJson(record.Output);
            entry["OutputDetails"] = new JsonObject { ["Included"] = true };
        }
        if (record.Error is not null) entry["Error"] = record.Error;
        if (record.Cause is not null) entry["Cause"] = record.Cause;
        entry["RedriveCount"] = run.Execution.RedriveCount;
        entry["RedriveStatus"] = record.Status == RunStatus.Succeeded ? "NOT_REDRIVABLE" : "REDRIVABLE";
        if (record.Status == RunStatus.Succeeded) entry["RedriveStatusReason"] = "Execution is SUCCEEDED and cannot be redriven";
        if (child.StartDate is { } start) entry["StartDate"] = AslTimestamp.Format(start);
        entry["StateMachineArn"] = child.StateMachineArn;
        entry["Status"] = status;
        if (child.StopDate is { } stop) entry["StopDate"] = AslTimestamp.Format(stop);
        return entry;
    }

    private static byte[] Serialize(List<JsonNode?> entries, bool jsonLines)
    {
        if (!jsonLines) return Encoding.UTF8.GetBytes(JsonValues.ToJson(new JsonArray(entries.ToArray())));
        var builder = new StringBuilder();
        foreach (var entry in entries) builder.Append(JsonValues.ToJson(entry)).Append('\n');
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static AslFailure Failed(StateRun run, string detail) =>
        new(AslErrorNames.ResultWriterFailed, $"The Map state '{run.State.Name}' could not write its results: {detail}.");
}
