using System.Text.Json.Nodes;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Execution;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Templates;

namespace Backfill.Local.Asl.Model;

/// <summary>
/// Fail: stops its scope with an error and cause, either literal (Error, Cause) or computed from the state's input
/// (ErrorPath, CausePath — a path or an intrinsic function returning a string).
/// </summary>
public sealed class FailState : State
{
    public override string Type => "Fail";
    public string? Error { get; init; }
    public string? Cause { get; init; }
    public DynamicValue? ErrorPath { get; init; }
    public DynamicValue? CausePath { get; init; }

    internal override Task<StateOutcome> ExecuteAsync(StateRun run, JsonNode? input, CancellationToken cancellationToken)
    {
        var scope = run.Scope(input);
        var error = ErrorPath is null ? Error : AsString(ErrorPath.Evaluate(scope, "ErrorPath"), "ErrorPath", run);
        var cause = CausePath is null ? Cause : AsString(CausePath.Evaluate(scope, "CausePath"), "CausePath", run);
        // AWS reports a Fail state without Error as an error with no name; we use the empty string for it.
        throw new AslFailure(error ?? "", cause);
    }

    private static string AsString(JsonNode? value, string field, StateRun run)
    {
        if (JsonValues.TryGetString(value, out var s)) return s;
        throw AslFailure.Runtime(run.Site, $"The value of the field '{field}' must be a string, but it is {JsonValues.TypeName(value)} {JsonValues.Preview(value)}.");
    }
}
