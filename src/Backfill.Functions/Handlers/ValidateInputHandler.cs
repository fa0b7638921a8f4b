using System.Text.Json;
using System.Text.Json.Nodes;
using Backfill.Core;
using Backfill.Core.Input;

namespace Backfill.Functions.Handlers;

/// <summary>
/// ValidateInput: the first state. Event: <c>{"input": &lt;execution input&gt;, "executionName": "..."}</c>.
/// Checks the whole input (every problem with its JSON path, as InvalidInput) and returns it normalised: every
/// default filled in and runId defaulting to the execution name, so later states never guess.
/// </summary>
public sealed class ValidateInputHandler : IFunctionHandler
{
    public string Name => "ValidateInput";

    public Task<JsonNode?> HandleAsync(JsonNode? input, InvocationContext context, CancellationToken cancellationToken)
    {
        var raw = (input as JsonObject)?["input"];
        var executionName = (input as JsonObject)?["executionName"]?.GetValue<string>();
        var parsed = ExecutionInputParser.Parse(JsonSerializer.SerializeToElement(raw), "execution input", SafeRunId(executionName));
        return Task.FromResult(JsonSerializer.SerializeToNode(parsed, BackfillJson.Options));
    }

    /// <summary>Execution names allow characters run ids do not; keep the safe ones.</summary>
    private static string? SafeRunId(string? executionName)
    {
        if (string.IsNullOrEmpty(executionName)) return null;
        var safe = new string(executionName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-').ToArray()).TrimStart('.', '_', '-');
        return safe.Length == 0 ? null : safe[..Math.Min(64, safe.Length)];
    }
}
