using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Backfill.Aws;
using Backfill.Aws.StepFunctions;
using Backfill.Core.Errors;
using Backfill.Core.Input;
using Backfill.Core.Staging;
using Backfill.Core.Storage;

namespace Backfill.Cli.Aws;

/// <summary>
/// rerun-failed on AWS: reads the execution's input (DescribeExecution), finds failed-chunks.jsonl in its staging
/// store, and starts the same state machine with the same input plus <c>"rerun": {failedChunksKey, previousRunId}</c>
/// under a new run id "{runId}-rerun-{n}" (document ids do not depend on the run id, so nothing is duplicated;
/// the failed-chunks rows carry the original chunks' full keys).
/// </summary>
public static partial class FailedChunksRerun
{
    public sealed record Result(StartExecutionResponse? Started, string? RunId, int FailedChunks, string FailedChunksLocation);

    public static async Task<Result> StartAsync(StepFunctionsClient client, string executionArn, string? name, AwsClientOptions operatorOptions, CancellationToken cancellationToken)
    {
        var execution = await client.DescribeExecutionAsync(executionArn, cancellationToken);
        if (execution.Status == ExecutionStatus.Running)
            throw new BackfillException($"execution {executionArn} is still RUNNING: wait for it to finish (backfill status {executionArn}), then re-run its failed chunks");
        if (execution.Input is null)
            throw new BackfillException($"execution {executionArn}: DescribeExecution returned no input (the caller may lack permission to see execution data)");
        var inputNode = JsonNode.Parse(execution.Input) as JsonObject
                        ?? throw new BackfillException($"execution {executionArn}: its input is not a JSON object");
        var input = ExecutionInputParser.Parse(Encoding.UTF8.GetBytes(execution.Input), $"the input of {executionArn}", defaultRunId: execution.Name);

        using var staging = new StagingAccess();
        var store = staging.Open(input.Staging, operatorOptions);
        var layout = StagingLayout.For(input);
        var location = store.Describe(layout.FailedChunks);
        byte[] failedChunks;
        try
        {
            failedChunks = await store.ReadAllBytesAsync(layout.FailedChunks, cancellationToken);
        }
        catch (ObjectNotFoundException)
        {
            throw new BackfillException(
                $"{location} does not exist: execution {executionArn} ({execution.Status}) did not get as far as Summarize, so there is no list of failed chunks " +
                "(redrive it within 14 days with `backfill redrive`, or start it again with `backfill start`; its staged objects may also have expired)");
        }
        var rows = CountRows(failedChunks);
        if (rows == 0) return new Result(null, null, 0, location);

        var runId = await NextRunIdAsync(store, input.Staging.Prefix, input.RunId, cancellationToken);
        inputNode["runId"] = runId;
        inputNode["rerun"] = new JsonObject { ["failedChunksKey"] = layout.FailedChunks, ["previousRunId"] = input.RunId };
        var text = inputNode.ToJsonString();
        ExecutionInputParser.Parse(Encoding.UTF8.GetBytes(text), "the rerun input"); // same rules as any input
        var stateMachine = execution.StateMachineArn ?? StateMachineOf(executionArn);
        var started = await client.StartExecutionAsync(new StartExecutionRequest(stateMachine, text, name), cancellationToken);
        return new Result(started, runId, rows, location);
    }

    /// <summary>
    /// "{base}-rerun-{n}" with the smallest n whose staging folder is empty; "base" is the run id without an earlier
    /// "-rerun-N" suffix, cut so the result stays a valid 64-character run id.
    /// </summary>
    public static async Task<string> NextRunIdAsync(IObjectStore store, string prefix, string runId, CancellationToken cancellationToken)
    {
        var match = RerunSuffix().Match(runId);
        var baseId = match.Success ? runId[..match.Index] : runId;
        var n = match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1 : 1;
        for (; ; n++)
        {
            var suffix = $"-rerun-{n}";
            var candidate = baseId[..Math.Min(baseId.Length, 64 - suffix.Length)] + suffix;
            var folder = new StagingLayout(prefix, candidate).RunRoot;
            await using var objects = store.ListAsync(folder, cancellationToken).GetAsyncEnumerator(cancellationToken);
            if (!await objects.MoveNextAsync()) return candidate;
        }
    }

    private static int CountRows(byte[] jsonl)
    {
        var count = 0;
        foreach (var line in Encoding.UTF8.GetString(jsonl).Split('\n'))
            if (!string.IsNullOrWhiteSpace(line)) count++;
        return count;
    }

    /// <summary>"arn:aws:states:r:a:execution:machine:name" → "arn:aws:states:r:a:stateMachine:machine".</summary>
    private static string StateMachineOf(string executionArn)
    {
        var parts = executionArn.Split(':');
        return string.Join(':', parts[..5]) + ":stateMachine:" + parts[6];
    }

    [GeneratedRegex(@"-rerun-(\d{1,6})$", RegexOptions.CultureInvariant)]
    private static partial Regex RerunSuffix();
}
