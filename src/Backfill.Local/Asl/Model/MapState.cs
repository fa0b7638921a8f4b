using System.Text.Json.Nodes;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Execution;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Map;
using Backfill.Local.Asl.Paths;
using Backfill.Local.Asl.Records;
using Backfill.Local.Asl.Templates;

namespace Backfill.Local.Asl.Model;

/// <summary>Where a Map's iterations run: in the parent execution (INLINE) or as child executions (DISTRIBUTED).</summary>
public enum MapMode { Inline, Distributed }

/// <summary>
/// Map: runs its ItemProcessor once per item — items from ItemsPath (an array in the input) or, distributed,
/// from an ItemReader — each item first reshaped by ItemSelector (legacy: Parameters) with $$.Map.Item, optionally
/// grouped by ItemBatcher, at most MaxConcurrency at a time. The result is the array of iteration outputs (or a
/// ResultWriter summary). Failures beyond ToleratedFailureCount/Percentage stop the Map and cancel running
/// iterations; a redrive re-runs only the iterations that did not succeed.
/// </summary>
public sealed class MapState : RecoverableState
{
    public override string Type => "Map";
    public JsonPath? ItemsPath { get; init; }
    public PayloadTemplate? ItemSelector { get; init; }
    public required StateScope Processor { get; init; }
    public MapMode Mode { get; init; }
    public string? ExecutionType { get; init; }
    public int? MaxConcurrency { get; init; }
    public JsonPath? MaxConcurrencyPath { get; init; }
    public int? ToleratedFailureCount { get; init; }
    public JsonPath? ToleratedFailureCountPath { get; init; }
    public double? ToleratedFailurePercentage { get; init; }
    public JsonPath? ToleratedFailurePercentagePath { get; init; }
    public ItemReaderConfig? ItemReader { get; init; }
    public ItemBatcherConfig? ItemBatcher { get; init; }
    public ResultWriterConfig? ResultWriter { get; init; }
    public string? Label { get; init; }

    public override IEnumerable<StateScope> ChildScopes() => [Processor];

    internal override async Task<JsonNode?> AttemptAsync(StateRun run, JsonNode? rawInput, CancellationToken cancellationToken)
    {
        var effective = ApplyInputPath(run, rawInput);
        var items = ItemReader is not null
            ? await ItemReading.ReadAsync(ItemReader, run, effective, cancellationToken).ConfigureAwait(false)
            : SelectItems(run, effective);
        var maxConcurrency = (int)Resolve(run, effective, MaxConcurrency, MaxConcurrencyPath, "MaxConcurrencyPath", 0, int.MaxValue);
        var tolerance = new FailureTolerance(
            ToleratedFailureCountPath is null ? ToleratedFailureCount : (long)Resolve(run, effective, null, ToleratedFailureCountPath, "ToleratedFailureCountPath", 0, long.MaxValue),
            ToleratedFailurePercentagePath is null ? ToleratedFailurePercentage : Resolve(run, effective, null, ToleratedFailurePercentagePath, "ToleratedFailurePercentagePath", 0, 100));

        var inputs = new List<JsonNode?>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (ItemSelector is null)
            {
                inputs.Add(items[i]);
                continue;
            }
            var mapItem = new JsonObject { ["Index"] = i, ["Value"] = JsonValues.Clone(items[i]) };
            inputs.Add(JsonValues.Detach(ItemSelector.Evaluate(run.Scope(effective, mapItem))));
        }
        if (ItemBatcher is not null) inputs = ItemBatching.Batch(ItemBatcher, inputs, run, effective);

        var previous = run.Resume?.Children;
        run.Resume = null;
        var started = run.Emit("MapStateStarted", "mapStateStartedEventDetails", () => new JsonObject { ["length"] = inputs.Count });
        var distributed = Mode == MapMode.Distributed;
        var label = Label ?? Name;
        var mapRunId = Guid.NewGuid().ToString("D");
        var mapRunArn = $"arn:aws:states:{run.Execution.Options.Region}:{run.Execution.Options.AccountId}:mapRun:{run.Execution.StateMachineName}/{label}:{mapRunId}";
        if (distributed) run.Emit("MapRunStarted", "mapRunStartedEventDetails", () => new JsonObject { ["mapRunArn"] = mapRunArn });

        var children = new ChildExecution[inputs.Count];
        var outcome = await IterationScheduler.RunAsync(inputs.Count, maxConcurrency, tolerance, previous,
            (index, token) => distributed
                ? RunChildExecutionAsync(run, label, index, inputs[index], previous, children, token)
                : RunIterationAsync(run, started, index, inputs[index], previous, token),
            cancellationToken).ConfigureAwait(false);

        var records = outcome.Records;
        if (distributed)
            for (var i = 0; i < records.Length; i++)
                children[i] ??= new ChildExecution(ChildArn(run, label, $"{mapRunId}-{i}"), $"{mapRunId}-{i}", ChildMachineArn(run, label), inputs[i], null, null, records[i]);

        var failed = distributed || tolerance.IsSpecified ? outcome.ToleranceExceeded : outcome.Failures > 0;
        JsonNode? writerOutput = null;
        if (ResultWriter is { WritesToStore: true })
            writerOutput = await ResultWriting.WriteAsync(ResultWriter, run, effective, mapRunArn, children, cancellationToken).ConfigureAwait(false);

        if (failed)
        {
            string error;
            string? cause;
            if (distributed || tolerance.IsSpecified)
            {
                error = AslErrorNames.ExceedToleratedFailureThreshold;
                cause = $"The specified tolerated failure threshold was exceeded: {outcome.Failures} of {inputs.Count} item(s) failed " +
                        $"(ToleratedFailureCount {tolerance.Count?.ToString() ?? "not set"}, ToleratedFailurePercentage {tolerance.Percentage?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "not set"}).";
            }
            else
            {
                var first = records[outcome.FirstFailureIndex];
                (error, cause) = (first.Error ?? "", first.Cause);
            }
            if (distributed) run.Emit("MapRunFailed", "mapRunFailedEventDetails", () => new JsonObject { ["error"] = error, ["cause"] = cause });
            run.Emit("MapStateFailed");
            throw new AslFailure(error, cause) { Children = records };
        }

        JsonNode? result;
        if (writerOutput is not null) result = writerOutput;
        else if (distributed && ResultWriter?.Transformation is { } transformation) result = ResultWriting.Shape(transformation, children, run);
        else
        {
            var array = new JsonArray();
            foreach (var record in records)
            {
                if (record.Status == RunStatus.Succeeded) array.Add(JsonValues.Clone(record.Output));
                else
                {
                    // A tolerated failure leaves its error output in the item's slot.
                    var errorOutput = new JsonObject { ["Error"] = record.Error };
                    if (record.Cause is not null) errorOutput["Cause"] = record.Cause;
                    array.Add(errorOutput);
                }
            }
            result = array;
        }
        if (distributed) run.Emit("MapRunSucceeded");
        run.Emit("MapStateSucceeded");
        return ShapeOutput(run, rawInput, effective, result);
    }

    private List<JsonNode?> SelectItems(StateRun run, JsonNode? effective)
    {
        var items = effective;
        if (ItemsPath is not null && !ItemsPath.IsRoot)
        {
            if (!run.TryEvaluate(ItemsPath, effective, out items))
                throw AslFailure.Runtime(run.Site, $"Invalid path '{ItemsPath.Text}' : No results for path: {ItemsPath.ToBracketNotation()}");
        }
        if (items is not JsonArray array)
            throw AslFailure.Runtime(run.Site,
                $"The Map state's ItemsPath '{ItemsPath?.Text ?? "$"}' must point to a JSON array, but it points to {JsonValues.TypeName(items)} {JsonValues.Preview(items)}.");
        return array.ToList();
    }

    private static double Resolve(StateRun run, JsonNode? input, double? fixedValue, JsonPath? path, string field, double min, double max)
    {
        if (path is null) return fixedValue ?? 0;
        if (!run.TryEvaluate(path, input, out var value) || !JsonValues.TryGetDouble(value, out var number) || number < min || number > max
            || (field != "ToleratedFailurePercentagePath" && Math.Floor(number) != number))
            throw AslFailure.Runtime(run.Site, $"{field} '{path.Text}' must point to a number between {min} and {max}" +
                                               (field == "ToleratedFailurePercentagePath" ? "" : " with no fraction") + $", but it points to {JsonValues.Preview(value)}.");
        return number;
    }

    private async Task<RunRecord> RunIterationAsync(StateRun run, long mapStarted, int index, JsonNode? input, IReadOnlyList<RunRecord>? previous, CancellationToken cancellationToken)
    {
        var thread = new ExecutionThread(mapStarted);
        var details = () => new JsonObject { ["name"] = Name, ["index"] = index };
        run.Execution.Log.Append(thread, "MapIterationStarted", "mapIterationStartedEventDetails", details);
        var resume = previous is not null && index < previous.Count ? previous[index].StoppedAt : null;
        var record = await run.Execution.RunScopeAsync(Processor, JsonValues.Clone(input), thread, resume, cancellationToken).ConfigureAwait(false);
        var (type, name) = record.Status switch
        {
            RunStatus.Succeeded => ("MapIterationSucceeded", "mapIterationSucceededEventDetails"),
            RunStatus.Aborted => ("MapIterationAborted", "mapIterationAbortedEventDetails"),
            _ => ("MapIterationFailed", "mapIterationFailedEventDetails"),
        };
        run.Execution.Log.Append(thread, type, name, details);
        return record;
    }

    private async Task<RunRecord> RunChildExecutionAsync(StateRun run, string label, int index, JsonNode? input,
        IReadOnlyList<RunRecord>? previous, ChildExecution[] children, CancellationToken cancellationToken)
    {
        var name = Guid.NewGuid().ToString("D");
        var arn = ChildArn(run, label, name);
        var machineArn = ChildMachineArn(run, label);
        var childInput = JsonValues.Clone(input);
        var child = run.Execution.CreateChild(arn, name, childInput, machineArn, run.Execution.StateMachineName + "/" + label);
        var thread = new ExecutionThread();
        child.Log.Append(thread, "ExecutionStarted", "executionStartedEventDetails", () => new JsonObject
        {
            ["input"] = JsonValues.ToJson(childInput),
            ["inputDetails"] = new JsonObject { ["truncated"] = false },
            ["roleArn"] = run.Execution.Options.RoleArn,
        });
        var resume = previous is not null && index < previous.Count ? previous[index].StoppedAt : null;
        var record = await child.RunScopeAsync(Processor, childInput, thread, resume, cancellationToken).ConfigureAwait(false);
        switch (record.Status)
        {
            case RunStatus.Succeeded:
                child.Log.Append(thread, "ExecutionSucceeded", "executionSucceededEventDetails", () => new JsonObject
                {
                    ["output"] = JsonValues.ToJson(record.Output),
                    ["outputDetails"] = new JsonObject { ["truncated"] = false },
                });
                break;
            case RunStatus.Aborted:
                child.Log.Append(thread, "ExecutionAborted");
                break;
            default:
                child.Log.Append(thread, "ExecutionFailed", "executionFailedEventDetails", () => new JsonObject { ["error"] = record.Error, ["cause"] = record.Cause });
                break;
        }
        children[index] = new ChildExecution(arn, name, machineArn, childInput, child.StartTime, run.Execution.Clock.UtcNow, record);
        return record;
    }

    private static string ChildArn(StateRun run, string label, string name) =>
        $"arn:aws:states:{run.Execution.Options.Region}:{run.Execution.Options.AccountId}:execution:{run.Execution.StateMachineName}/{label}:{name}";

    private static string ChildMachineArn(StateRun run, string label) => run.Execution.StateMachineArn + "/" + label;
}
