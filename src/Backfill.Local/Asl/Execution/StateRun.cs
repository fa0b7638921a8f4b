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

    /// <summary>The context object ($$) for this state; <paramref name="mapItem"/> adds $$.Map.Item (ItemSelector only).</summary>
    public JsonObject Context(JsonObject? mapItem = null) => Execution.BuildContext(this, mapItem);

    public EvaluationScope Scope(JsonNode? input, JsonObject? mapItem = null) =>
        new(input, () => Context(mapItem), Site, Execution.Intrinsics);

    public long Emit(string type, string? detailsName = null, Func<JsonObject>? details = null) =>
        Execution.Log.Append(Thread, type, detailsName, details);
}
