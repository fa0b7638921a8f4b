using System.Text.Json.Nodes;
using Backfill.Local.Asl.Choice;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Execution;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Paths;

namespace Backfill.Local.Asl.Model;

/// <summary>
/// Wait: pauses for Seconds / SecondsPath, or until Timestamp / TimestampPath, on the engine's clock, then passes
/// its (InputPath-filtered) input to OutputPath.
/// </summary>
public sealed class WaitState : State
{
    public override string Type => "Wait";
    public long? Seconds { get; init; }
    public JsonPath? SecondsPath { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    public JsonPath? TimestampPath { get; init; }

    internal override async Task<StateOutcome> ExecuteAsync(StateRun run, JsonNode? input, CancellationToken cancellationToken)
    {
        var effective = ApplyInputPath(run, input);
        var clock = run.Execution.Clock;
        var delay = TimeSpan.Zero;
        if (Seconds is { } seconds) delay = TimeSpan.FromSeconds(seconds);
        else if (Timestamp is { } timestamp) delay = timestamp - clock.UtcNow;
        else if (SecondsPath is not null)
        {
            var value = Read(run, SecondsPath, effective);
            if (!JsonValues.TryGetInteger(value, out var s) || s < 0)
                throw AslFailure.Runtime(run.Site, $"The SecondsPath '{SecondsPath.Text}' must point to a non-negative integer, but it points to {JsonValues.Preview(value)}.");
            delay = TimeSpan.FromSeconds(s);
        }
        else if (TimestampPath is not null)
        {
            var value = Read(run, TimestampPath, effective);
            if (!JsonValues.TryGetString(value, out var text) || !AslTimestamp.TryParse(text, out var at))
                throw AslFailure.Runtime(run.Site, $"The TimestampPath '{TimestampPath.Text}' must point to an RFC 3339 timestamp such as 2016-03-14T01:59:00Z, but it points to {JsonValues.Preview(value)}.");
            delay = at - clock.UtcNow;
        }
        if (delay > TimeSpan.Zero) await clock.DelayAsync(delay, cancellationToken).ConfigureAwait(false);
        return new StateOutcome(ApplyOutputPath(run, effective), End ? null : Next);
    }

    private static JsonNode? Read(StateRun run, JsonPath path, JsonNode? input)
    {
        if (!run.TryEvaluate(path, input, out var value))
            throw AslFailure.Runtime(run.Site, $"Invalid path '{path.Text}' : No results for path: {path.ToBracketNotation()}");
        return value;
    }
}
