using System.Text.Json.Nodes;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Execution;
using Backfill.Local.Asl.Paths;
using Backfill.Local.Asl.Templates;

namespace Backfill.Local.Asl.Model;

/// <summary>
/// Task, Parallel and Map: states with Parameters, ResultSelector, ResultPath, Retry and Catch. The Retry/Catch
/// loop lives here: the first retrier whose ErrorEquals matches decides (retrying until its MaxAttempts are used,
/// each wait on the engine's clock); otherwise the first matching catcher sends the error output
/// <c>{"Error", "Cause"}</c>, placed at its ResultPath in the state's raw input, to its Next.
/// </summary>
public abstract class RecoverableState : State
{
    public PayloadTemplate? Parameters { get; init; }
    public PayloadTemplate? ResultSelector { get; init; }
    public PathField ResultPath { get; init; }
    public IReadOnlyList<Retrier> Retry { get; init; } = [];
    public IReadOnlyList<Catcher> Catch { get; init; } = [];

    /// <summary>One attempt: from the raw input to the state's output (after ResultPath and OutputPath).</summary>
    internal abstract Task<JsonNode?> AttemptAsync(StateRun run, JsonNode? rawInput, CancellationToken cancellationToken);

    internal override async Task<StateOutcome> ExecuteAsync(StateRun run, JsonNode? input, CancellationToken cancellationToken)
    {
        var attempts = new int[Retry.Count];
        while (true)
        {
            try
            {
                var output = await AttemptAsync(run, input, cancellationToken).ConfigureAwait(false);
                return new StateOutcome(output, End ? null : Next);
            }
            catch (AslFailure failure) when (!AslErrorNames.IsTerminal(failure.Error))
            {
                var retrier = FirstMatch(failure.Error);
                if (retrier >= 0 && attempts[retrier] < Retry[retrier].MaxAttempts)
                {
                    var delay = Retry[retrier].DelayFor(attempts[retrier], run.Execution.NextUnitRandom());
                    attempts[retrier]++;
                    run.RetryCount++;
                    await run.Execution.Clock.DelayAsync(delay, cancellationToken).ConfigureAwait(false);
                    // A retry re-runs the whole state; only a redrive reuses successful iterations/branches.
                    run.Resume = null;
                    continue;
                }
                var catcher = Catch.FirstOrDefault(c => ErrorMatcher.Matches(c.ErrorEquals, failure.Error));
                if (catcher is null) throw;
                var errorOutput = new JsonObject { ["Error"] = failure.Error };
                if (failure.Cause is not null) errorOutput["Cause"] = failure.Cause;
                var caught = ResultPathWriter.Apply(catcher.ResultPath, input, errorOutput, run.Site);
                return new StateOutcome(caught, catcher.Next);
            }
        }
    }

    private int FirstMatch(string error)
    {
        for (var i = 0; i < Retry.Count; i++)
            if (ErrorMatcher.Matches(Retry[i].ErrorEquals, error)) return i;
        return -1;
    }

    /// <summary>ResultSelector (over the raw result), then ResultPath (into the raw input), then OutputPath.</summary>
    internal JsonNode? ShapeOutput(StateRun run, JsonNode? rawInput, JsonNode? effectiveInput, JsonNode? result)
    {
        if (ResultSelector is not null) result = ResultSelector.Evaluate(run.Scope(result));
        var output = ResultPathWriter.Apply(ResultPath, rawInput, result, run.Site);
        return ApplyOutputPath(run, output);
    }
}
