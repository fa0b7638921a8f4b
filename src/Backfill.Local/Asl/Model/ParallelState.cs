using System.Text.Json.Nodes;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Execution;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Records;

namespace Backfill.Local.Asl.Model;

/// <summary>
/// Parallel: runs every branch on the same input at once; the result is the array of branch outputs in branch
/// order. The first branch to fail stops the others (they are cancelled) and the state fails with that branch's
/// error and cause. On a redrive only the branches that did not succeed run again.
/// </summary>
public sealed class ParallelState : RecoverableState
{
    public override string Type => "Parallel";
    public required IReadOnlyList<StateScope> Branches { get; init; }

    public override IEnumerable<StateScope> ChildScopes() => Branches;

    internal override async Task<JsonNode?> AttemptAsync(StateRun run, JsonNode? rawInput, CancellationToken cancellationToken)
    {
        var effective = ApplyInputPath(run, rawInput);
        var branchInput = Parameters is null ? effective : Parameters.Evaluate(run.Scope(effective));
        var previous = run.Resume?.Children;
        run.Resume = null;
        var started = run.Emit("ParallelStateStarted");

        var records = new RunRecord[Branches.Count];
        RunRecord? firstFailure = null;
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        async Task RunBranch(int index)
        {
            var before = previous is not null && index < previous.Count ? previous[index] : null;
            if (before is { Status: RunStatus.Succeeded })
            {
                records[index] = before;
                return;
            }
            var record = await run.Execution.RunScopeAsync(Branches[index], JsonValues.Clone(branchInput),
                new ExecutionThread(started), before?.StoppedAt, abort.Token).ConfigureAwait(false);
            records[index] = record;
            if (record.Status is RunStatus.Failed or RunStatus.TimedOut)
            {
                Interlocked.CompareExchange(ref firstFailure, record, null);
                await abort.CancelAsync().ConfigureAwait(false);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Branches.Count).Select(i => Task.Run(() => RunBranch(i), CancellationToken.None))).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        if (firstFailure is not null)
        {
            run.Emit("ParallelStateFailed");
            throw new AslFailure(firstFailure.Error ?? "", firstFailure.Cause) { Children = records };
        }
        var result = new JsonArray();
        foreach (var record in records) result.Add(JsonValues.Clone(record.Output));
        run.Emit("ParallelStateSucceeded");
        return ShapeOutput(run, rawInput, effective, result);
    }
}
