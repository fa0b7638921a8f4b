using System.Text.Json.Nodes;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Map;
using Backfill.Local.Asl.Model;
using Backfill.Local.Asl.Records;
using Backfill.Local.Asl.Tasks;

namespace Backfill.Local.Asl.Execution;

/// <summary>
/// Runs state machines locally, following the AWS developer guide (JSONPath). Usage:
/// <code>
/// var machine = StateMachine.Parse(json, substitutions);
/// var engine = new AslEngine(new AslEngineOptions { Handlers = registry });
/// var result = await engine.StartExecutionAsync(machine, input);
/// if (!result.Succeeded) result = await engine.RedriveExecutionAsync(machine, result.Record);
/// </code>
/// Executions are independent; one engine may run many at once.
/// </summary>
public sealed class AslEngine(AslEngineOptions options)
{
    private readonly Random _random = new SynchronizedRandom(options.Random ?? new Random());

    public AslEngineOptions Options { get; } = options;

    /// <summary>
    /// Checks that every Task resource with a fixed target has a handler, and that an object store resolver is
    /// configured when a Map reads or writes S3 objects.
    /// </summary>
    /// <exception cref="AslUnknownResourceException">naming each state and resource without a handler.</exception>
    public void EnsureResourcesResolvable(StateMachine machine)
    {
        var problems = new List<string>();
        foreach (var state in machine.AllStates)
        {
            switch (state)
            {
                case TaskState task when task.Resource.Kind == TaskResourceKind.LambdaInvoke:
                    var function = StaticFunctionName(task);
                    if (function is not null && !Options.Handlers.TryResolve(function, out _, out _))
                        problems.Add($"state '{task.Name}' field 'Parameters.FunctionName': no in-process handler is registered for the Lambda function '{function}' (registered: {Options.Handlers.Describe()})");
                    break;
                case TaskState task:
                    if (!Options.Handlers.TryResolve(task.Resource.Text, out _, out _))
                        problems.Add($"state '{task.Name}' field 'Resource': no in-process handler is registered for '{task.Resource.Text}' (registered: {Options.Handlers.Describe()})");
                    break;
                case MapState { ItemReader: not null } or MapState { ResultWriter.WritesToStore: true } when Options.ObjectStores is null:
                    problems.Add($"state '{state.Name}': the Map reads or writes objects (ItemReader/ResultWriter) but no object store resolver is configured");
                    break;
            }
        }
        if (problems.Count > 0) throw new AslUnknownResourceException(problems);
    }

    private static string? StaticFunctionName(TaskState task)
    {
        // A literal FunctionName survives template compilation as a static value; evaluate it without input.
        if (task.Parameters is null) return null;
        try
        {
            var scope = new Templates.EvaluationScope(null, () => null, new StateSite(task.Name, 0), Intrinsics.IntrinsicRuntime.Default);
            var parameters = task.Parameters.IsStatic ? task.Parameters.Evaluate(scope) as JsonObject : null;
            if (parameters is null) return null;
            return JsonValues.TryGetString(parameters["FunctionName"], out var name) ? name : null;
        }
        catch (AslFailure)
        {
            return null;
        }
    }

    /// <summary>Starts an execution and waits for it to end. Throws only for unknown resources or cancellation-free misuse.</summary>
    public Task<ExecutionResult> StartExecutionAsync(StateMachine machine, JsonNode? input, string? name = null, CancellationToken cancellationToken = default)
    {
        EnsureResourcesResolvable(machine);
        name ??= Guid.NewGuid().ToString("D");
        var arn = $"arn:aws:states:{Options.Region}:{Options.AccountId}:execution:{Options.StateMachineName}:{name}";
        var execution = CreateRun(machine, arn, name, JsonValues.Materialize(JsonValues.Clone(input)), Options.Clock.UtcNow, 0, null);
        return RunAsync(execution, null, cancellationToken);
    }

    /// <summary>
    /// Redrives a failed, timed-out or aborted execution: it restarts from the state that stopped it, with the
    /// input that state had; Map and Parallel states re-run only the iterations and branches that did not succeed.
    /// </summary>
    public Task<ExecutionResult> RedriveExecutionAsync(StateMachine machine, ExecutionRecord record, CancellationToken cancellationToken = default)
    {
        if (record.Run.Status == RunStatus.Succeeded)
            throw new Core.Errors.BackfillException($"execution '{record.Name}' succeeded and cannot be redriven");
        if (record.Run.StoppedAt is null)
            throw new Core.Errors.BackfillException($"execution '{record.Name}' has no state to resume from and cannot be redriven");
        EnsureResourcesResolvable(machine);
        var execution = CreateRun(machine, record.ExecutionArn, record.Name, record.Input, record.StartDate, record.RedriveCount + 1, Options.Clock.UtcNow);
        return RunAsync(execution, record.Run.StoppedAt, cancellationToken);
    }

    private ExecutionRun CreateRun(StateMachine machine, string arn, string name, JsonNode? input, DateTimeOffset start, int redriveCount, DateTimeOffset? redriveTime) =>
        new(Options, machine, arn, name, input, start, redriveCount, redriveTime,
            $"arn:aws:states:{Options.Region}:{Options.AccountId}:stateMachine:{Options.StateMachineName}", Options.StateMachineName, _random);

    private async Task<ExecutionResult> RunAsync(ExecutionRun execution, StateRecord? resume, CancellationToken cancellationToken)
    {
        var thread = new ExecutionThread();
        if (resume is null)
            execution.Log.Append(thread, "ExecutionStarted", "executionStartedEventDetails", () => new JsonObject
            {
                ["input"] = JsonValues.ToJson(execution.Input),
                ["inputDetails"] = new JsonObject { ["truncated"] = false },
                ["roleArn"] = Options.RoleArn,
                ["stateMachineArn"] = execution.StateMachineArn,
            });
        else
            execution.Log.Append(thread, "ExecutionRedriven", "executionRedrivenEventDetails", () => new JsonObject { ["redriveCount"] = execution.RedriveCount });

        using var timeout = execution.Machine.TimeoutSeconds is { } seconds ? Options.Clock.CreateTimeout(TimeSpan.FromSeconds(seconds)) : null;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout?.Token ?? default);
        var run = await execution.RunScopeAsync(execution.Machine.Scope, execution.Input, thread, resume, linked.Token).ConfigureAwait(false);

        if (run.Status == RunStatus.Aborted && timeout?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
            run = run with
            {
                Status = RunStatus.TimedOut,
                Error = AslErrorNames.Timeout,
                Cause = $"The execution did not finish within the state machine's TimeoutSeconds ({execution.Machine.TimeoutSeconds} s).",
            };

        var status = run.Status switch
        {
            RunStatus.Succeeded => ExecutionStatus.Succeeded,
            RunStatus.TimedOut => ExecutionStatus.TimedOut,
            RunStatus.Aborted => ExecutionStatus.Aborted,
            _ => ExecutionStatus.Failed,
        };
        switch (status)
        {
            case ExecutionStatus.Succeeded:
                execution.Log.Append(thread, "ExecutionSucceeded", "executionSucceededEventDetails", () => new JsonObject
                {
                    ["output"] = JsonValues.ToJson(run.Output),
                    ["outputDetails"] = new JsonObject { ["truncated"] = false },
                });
                break;
            case ExecutionStatus.Failed:
                execution.Log.Append(thread, "ExecutionFailed", "executionFailedEventDetails", () => new JsonObject { ["error"] = run.Error, ["cause"] = run.Cause });
                break;
            case ExecutionStatus.TimedOut:
                execution.Log.Append(thread, "ExecutionTimedOut", "executionTimedOutEventDetails", () => new JsonObject { ["error"] = run.Error, ["cause"] = run.Cause });
                break;
            default:
                execution.Log.Append(thread, "ExecutionAborted");
                break;
        }

        var record = new ExecutionRecord
        {
            ExecutionArn = execution.ExecutionArn,
            Name = execution.Name,
            StateMachineName = execution.StateMachineName,
            Input = execution.Input,
            StartDate = execution.StartTime,
            StopDate = Options.Clock.UtcNow,
            RedriveCount = execution.RedriveCount,
            RedriveDate = execution.RedriveTime,
            Run = run,
        };
        // A Fail state without Error fails the execution with no error name (kept internally as "" so Catch can match States.ALL).
        return new ExecutionResult(status, status == ExecutionStatus.Succeeded ? run.Output : null, string.IsNullOrEmpty(run.Error) ? null : run.Error, run.Cause, record);
    }
}
