using System.Text.Json.Nodes;
using Backfill.Local.Asl.Choice;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.History;
using Backfill.Local.Asl.Intrinsics;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Model;
using Backfill.Local.Asl.Records;

namespace Backfill.Local.Asl.Execution;

/// <summary>
/// One running execution (or a Distributed Map child execution): identity, input, clock, handlers, event log,
/// and the loop that walks a scope from state to state. The model is shared and read-only; everything that
/// changes during a run lives here, in <see cref="StateRun"/> and in <see cref="ExecutionThread"/>.
/// </summary>
internal sealed class ExecutionRun
{
    private readonly Random _random;

    public ExecutionRun(AslEngineOptions options, StateMachine machine, string executionArn, string name, JsonNode? input,
        DateTimeOffset startTime, int redriveCount, DateTimeOffset? redriveTime, string stateMachineArn, string stateMachineName, Random random)
    {
        Options = options;
        Machine = machine;
        ExecutionArn = executionArn;
        Name = name;
        Input = input;
        StartTime = startTime;
        RedriveCount = redriveCount;
        RedriveTime = redriveTime;
        StateMachineArn = stateMachineArn;
        StateMachineName = stateMachineName;
        _random = random;
        Intrinsics = new IntrinsicRuntime(() => _random);
        Log = new EventLog(executionArn, options.Observer, () => options.Clock.UtcNow);
    }

    public AslEngineOptions Options { get; }
    public StateMachine Machine { get; }
    public string ExecutionArn { get; }
    public string Name { get; }
    public JsonNode? Input { get; }
    public DateTimeOffset StartTime { get; }
    public int RedriveCount { get; }
    public DateTimeOffset? RedriveTime { get; }
    public string StateMachineArn { get; }
    public string StateMachineName { get; }
    public IntrinsicRuntime Intrinsics { get; }
    public EventLog Log { get; }
    public IAslClock Clock => Options.Clock;

    public double NextUnitRandom() => _random.NextDouble();

    /// <summary>A Distributed Map child execution sharing this execution's options and definition.</summary>
    public ExecutionRun CreateChild(string arn, string name, JsonNode? input, string stateMachineArn, string stateMachineName) =>
        new(Options, Machine, arn, name, input, Clock.UtcNow, 0, null, stateMachineArn, stateMachineName, _random);

    /// <summary>
    /// Runs <paramref name="scope"/> from its start (or, on a redrive, from the state in <paramref name="resume"/>)
    /// until a state ends it. Never throws for state failures: they come back as a failed <see cref="RunRecord"/>
    /// naming the state that stopped; cancellation comes back as an aborted one.
    /// </summary>
    public async Task<RunRecord> RunScopeAsync(StateScope scope, JsonNode? input, ExecutionThread thread, StateRecord? resume, CancellationToken cancellationToken)
    {
        var current = resume?.StateName ?? scope.StartAt;
        var data = resume is null ? input : resume.Input;
        while (true)
        {
            var state = scope.States[current];
            if (cancellationToken.IsCancellationRequested) return RunRecord.Aborted(new StateRecord(state.Name, data));
            var stateInput = data;
            var entered = Log.Append(thread, state.EnteredEventType, "stateEnteredEventDetails", () => new JsonObject
            {
                ["name"] = state.Name,
                ["input"] = JsonValues.ToJson(stateInput),
                ["inputDetails"] = new JsonObject { ["truncated"] = false },
            });
            var run = new StateRun(this, thread, state, new StateSite(state.Name, entered), Clock.UtcNow, resume);
            resume = null;
            StateOutcome outcome;
            try
            {
                outcome = await state.ExecuteAsync(run, data, cancellationToken).ConfigureAwait(false);
            }
            catch (AslFailure failure)
            {
                return RunRecord.Failed(failure.Error, failure.Cause, new StateRecord(state.Name, data) { Children = failure.Children });
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                if (state is WaitState) Log.Append(thread, "WaitStateAborted");
                return RunRecord.Aborted(new StateRecord(state.Name, data));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // An engine bug or an unexpected condition: fail the execution visibly rather than hang or crash.
                return RunRecord.Failed(AslErrorNames.Runtime,
                    $"An error occurred while executing the state '{state.Name}' (entered at the event id #{entered}). Internal error: {e.GetType().Name}: {e.Message}",
                    new StateRecord(state.Name, data));
            }
            var output = outcome.Output;
            if (ExceedsPayloadLimit(output))
                return RunRecord.Failed(AslErrorNames.DataLimitExceeded,
                    $"The state/task '{state.Name}' returned a result with a size exceeding the maximum number of bytes service limit ({Options.PayloadLimitBytes} bytes).",
                    new StateRecord(state.Name, data));
            Log.Append(thread, state.ExitedEventType, "stateExitedEventDetails", () => new JsonObject
            {
                ["name"] = state.Name,
                ["output"] = JsonValues.ToJson(output),
                ["outputDetails"] = new JsonObject { ["truncated"] = false },
            });
            if (outcome.Next is null) return RunRecord.Succeeded(output);
            current = outcome.Next;
            data = output;
        }
    }

    /// <summary>Whether a payload is over <see cref="AslEngineOptions.PayloadLimitBytes"/> (AWS's 256 KiB quota).</summary>
    public bool ExceedsPayloadLimit(JsonNode? payload) =>
        Options.PayloadLimitBytes is { } limit && payload is not null && JsonValues.Utf8Length(payload) > limit;

    /// <summary>The context object: Execution, StateMachine and State (plus Map.Item inside an ItemSelector).</summary>
    public JsonObject BuildContext(StateRun run, JsonObject? mapItem, bool includeInput = true)
    {
        var execution = new JsonObject { ["Id"] = ExecutionArn };
        if (includeInput) execution["Input"] = JsonValues.Clone(Input);
        execution["Name"] = Name;
        execution["RoleArn"] = Options.RoleArn;
        execution["StartTime"] = AslTimestamp.Format(StartTime);
        execution["RedriveCount"] = RedriveCount;
        if (RedriveTime is { } redriven) execution["RedriveTime"] = AslTimestamp.Format(redriven);
        var context = new JsonObject
        {
            ["Execution"] = execution,
            ["State"] = new JsonObject
            {
                ["EnteredTime"] = AslTimestamp.Format(run.EnteredTime),
                ["Name"] = run.State.Name,
                ["RetryCount"] = run.RetryCount,
            },
            ["StateMachine"] = new JsonObject { ["Id"] = StateMachineArn, ["Name"] = StateMachineName },
        };
        if (run.TaskToken is not null) context["Task"] = new JsonObject { ["Token"] = run.TaskToken };
        if (mapItem is not null) context["Map"] = new JsonObject { ["Item"] = JsonValues.Detach(mapItem) };
        return context;
    }
}
