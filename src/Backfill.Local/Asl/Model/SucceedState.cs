using System.Text.Json.Nodes;
using Backfill.Local.Asl.Execution;

namespace Backfill.Local.Asl.Model;

/// <summary>Succeed: ends its scope successfully with InputPath → OutputPath applied.</summary>
public sealed class SucceedState : State
{
    public override string Type => "Succeed";

    internal override Task<StateOutcome> ExecuteAsync(StateRun run, JsonNode? input, CancellationToken cancellationToken) =>
        Task.FromResult(new StateOutcome(ApplyOutputPath(run, ApplyInputPath(run, input)), null));
}
