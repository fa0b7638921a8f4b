using System.Text.Json.Nodes;
using Backfill.Local.Asl.Execution;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Paths;
using Backfill.Local.Asl.Templates;

namespace Backfill.Local.Asl.Model;

/// <summary>Pass: InputPath → Parameters → Result (if any, replaces) → ResultPath → OutputPath.</summary>
public sealed class PassState : State
{
    public override string Type => "Pass";
    public PayloadTemplate? Parameters { get; init; }

    /// <summary>A literal result; <c>.$</c> keys in it are not evaluated (AWS passes them through).</summary>
    public JsonNode? Result { get; init; }
    public bool HasResult { get; init; }
    public PathField ResultPath { get; init; }

    internal override Task<StateOutcome> ExecuteAsync(StateRun run, JsonNode? input, CancellationToken cancellationToken)
    {
        var effective = ApplyInputPath(run, input);
        if (Parameters is not null) effective = Parameters.Evaluate(run.Scope(effective));
        var result = HasResult ? JsonValues.Clone(Result) : effective;
        var output = ResultPathWriter.Apply(ResultPath, input, result, run.Site);
        return Task.FromResult(new StateOutcome(ApplyOutputPath(run, output), End ? null : Next));
    }
}
