using System.Text.Json.Nodes;
using Backfill.Local.Asl.Choice;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Execution;

namespace Backfill.Local.Asl.Model;

/// <summary>
/// Choice: the first rule that holds picks Next, else Default. With no match and no Default the execution fails;
/// AWS documents States.NoChoiceMatched as reserved and reports this case as States.Runtime, so do we.
/// </summary>
public sealed class ChoiceState : State
{
    public override string Type => "Choice";
    public required IReadOnlyList<ChoiceRule> Choices { get; init; }
    public string? Default { get; init; }

    internal override Task<StateOutcome> ExecuteAsync(StateRun run, JsonNode? input, CancellationToken cancellationToken)
    {
        var effective = ApplyInputPath(run, input);
        var scope = run.Scope(effective);
        var next = Choices.FirstOrDefault(rule => rule.Evaluate(scope))?.Next ?? Default;
        if (next is null)
            throw AslFailure.Runtime(run.Site, "No choice rule matched the input and the state has no Default.");
        return Task.FromResult(new StateOutcome(ApplyOutputPath(run, effective), next));
    }
}
