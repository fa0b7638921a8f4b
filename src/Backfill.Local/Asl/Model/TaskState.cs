using System.Text.Json.Nodes;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Execution;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Paths;
using Backfill.Local.Asl.Tasks;

namespace Backfill.Local.Asl.Model;

/// <summary>
/// Task: InputPath → Parameters → invoke the resource's in-process handler (with TimeoutSeconds and
/// HeartbeatSeconds) → ResultSelector → ResultPath → OutputPath, inside the Retry/Catch loop.
/// </summary>
public sealed class TaskState : RecoverableState
{
    public override string Type => "Task";
    public required TaskResource Resource { get; init; }
    public int? TimeoutSeconds { get; init; }
    public JsonPath? TimeoutSecondsPath { get; init; }
    public int? HeartbeatSeconds { get; init; }
    public JsonPath? HeartbeatSecondsPath { get; init; }

    internal override async Task<JsonNode?> AttemptAsync(StateRun run, JsonNode? rawInput, CancellationToken cancellationToken)
    {
        var effective = ApplyInputPath(run, rawInput);
        if (Resource.Pattern == "waitForTaskToken") run.TaskToken = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        var parameters = Parameters is null ? effective : Parameters.Evaluate(run.Scope(effective));
        var timeout = Seconds(run, effective, TimeoutSeconds, TimeoutSecondsPath);
        var heartbeat = Seconds(run, effective, HeartbeatSeconds, HeartbeatSecondsPath);
        var result = await TaskInvoker.InvokeAsync(run, this, parameters, timeout, heartbeat, cancellationToken).ConfigureAwait(false);
        return ShapeOutput(run, rawInput, effective, result);
    }

    private static int? Seconds(StateRun run, JsonNode? input, int? fixedSeconds, JsonPath? path)
    {
        if (path is null) return fixedSeconds;
        if (!run.TryEvaluate(path, input, out var value))
            throw AslFailure.Runtime(run.Site, $"Invalid path '{path.Text}' : No results for path: {path.ToBracketNotation()}");
        if (!JsonValues.TryGetInteger(value, out var seconds) || seconds < 1 || seconds > 99_999_999)
            throw AslFailure.Runtime(run.Site, $"The path '{path.Text}' must point to a positive integer number of seconds, but it points to {JsonValues.Preview(value)}.");
        return (int)seconds;
    }
}
