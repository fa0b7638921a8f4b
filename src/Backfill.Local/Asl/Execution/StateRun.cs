using System.Text.Json.Nodes;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Model;
using Backfill.Local.Asl.Records;
using Backfill.Local.Asl.Templates;

namespace Backfill.Local.Asl.Execution;

/// <summary>
/// The environment of one entry into one state: the execution, the thread it runs on, when it was entered, its
/// retry count and — on a redrive — what the previous run of this state left (<see cref="Resume"/>).
/// </summary>
internal sealed class StateRun(ExecutionRun execution, ExecutionThread thread, State state, StateSite site, DateTimeOffset enteredTime, StateRecord? resume)
{
    public ExecutionRun Execution { get; } = execution;
    public ExecutionThread Thread { get; } = thread;
    public State State { get; } = state;
    public StateSite Site { get; } = site;
    public DateTimeOffset EnteredTime { get; } = enteredTime;
    public int RetryCount { get; set; }
    public StateRecord? Resume { get; set; } = resume;

    /// <summary>$$.Task.Token for .waitForTaskToken tasks.</summary>
    public string? TaskToken { get; set; }

    /// <summary>The context object ($$) for this state; <paramref name="mapItem"/> adds $$.Map.Item (ItemSelector only).</summary>
    public ContextObject Context(JsonObject? mapItem = null) =>
        new(includeInput => Execution.BuildContext(this, mapItem, includeInput), Execution.Input);

    public EvaluationScope Scope(JsonNode? input, JsonObject? mapItem = null) =>
        new(input, () => Context(mapItem), Site, Execution.Intrinsics);

    /// <summary>Evaluates a path against <paramref name="input"/>, or against the context object for "$$…".</summary>
    public bool TryEvaluate(Paths.JsonPath path, JsonNode? input, out JsonNode? value) =>
        path.IsContextPath ? Context().TryEvaluate(path, out value, out _) : path.TryEvaluate(input, out value);

    public long Emit(string type, string? detailsName = null, Func<JsonObject>? details = null) =>
        Execution.Log.Append(Thread, type, detailsName, details);
}
