using System.Text.Json.Nodes;
using Backfill.Aws;
using Backfill.Aws.StepFunctions;
using Backfill.Core.Errors;
using Backfill.Core.Input;
using Backfill.Core.Staging;
using Backfill.Core.Storage;

namespace Backfill.Cli.Aws;

/// <summary>
/// What `backfill status` shows about one execution, gathered from DescribeExecution, its Map Runs (live chunk
/// counts) and, when Summarize has written it, report.json in the staging store (documents, dead letters).
/// </summary>
public sealed record ExecutionOverview
{
    public required DescribeExecutionResponse Execution { get; init; }
    public required IReadOnlyList<MapRunOverview> MapRuns { get; init; }
    public ChunkCounts? Chunks { get; init; }
    public ReportTotals? Report { get; init; }
    /// <summary>Where report.json is (or would be).</summary>
    public string? ReportLocation { get; init; }
    /// <summary>failed-chunks.jsonl, when the report lists failed chunks.</summary>
    public string? FailedChunksLocation { get; init; }
    /// <summary>Why the report could not be read, when it could not (absent is not a problem: Summarize has not run).</summary>
    public string? ReportProblem { get; init; }

    public static async Task<ExecutionOverview> GatherAsync(StepFunctionsClient client, string executionArn, AwsClientOptions operatorOptions, CancellationToken cancellationToken)
    {
        var execution = await client.DescribeExecutionAsync(executionArn, cancellationToken);
        var mapRuns = new List<MapRunOverview>();
        foreach (var item in (await client.ListAllMapRunsAsync(executionArn, cancellationToken)).OrderBy(m => m.StartDate))
        {
            var run = await client.DescribeMapRunAsync(item.MapRunArn, cancellationToken);
            mapRuns.Add(new MapRunOverview(MapRunLabel(item.MapRunArn), run.Status, run.ItemCounts));
        }

        var overview = new ExecutionOverview { Execution = execution, MapRuns = mapRuns, Chunks = ChunkCounts.FromMapRuns(mapRuns) };
        ExecutionInput input;
        try
        {
            input = ExecutionInputParser.Parse(System.Text.Encoding.UTF8.GetBytes(execution.Input ?? "{}"), "the execution's input", defaultRunId: execution.Name);
        }
        catch (BackfillException e)
        {
            return overview with { ReportProblem = "the execution input cannot be read: " + e.Message };
        }

        using var staging = new StagingAccess();
        var store = staging.Open(input.Staging, operatorOptions);
        var layout = StagingLayout.For(input);
        overview = overview with { ReportLocation = store.Describe(layout.Report) };
        try
        {
            var report = ReportTotals.Parse(await store.ReadAllBytesAsync(layout.Report, cancellationToken));
            return overview with
            {
                Report = report,
                Chunks = new ChunkCounts(report.Chunks - report.ChunksFailed, report.ChunksFailed, 0, report.Chunks),
                FailedChunksLocation = report.ChunksFailed > 0 ? store.Describe(report.FailedChunksKey ?? layout.FailedChunks) : null,
            };
        }
        catch (ObjectNotFoundException)
        {
            return overview;
        }
        catch (BackfillException e)
        {
            return overview with { ReportProblem = e.Message };
        }
    }

    /// <summary>"arn:aws:states:r:a:mapRun:machine/SendChunks:0b1c" → "SendChunks".</summary>
    public static string MapRunLabel(string mapRunArn)
    {
        var resource = mapRunArn.Split(':', 7) is { Length: 7 } parts ? parts[6] : mapRunArn;
        var slash = resource.IndexOf('/');
        var label = slash < 0 ? resource : resource[(slash + 1)..];
        var colon = label.LastIndexOf(':');
        return colon < 0 ? label : label[..colon];
    }

    public bool Failed => Execution.Status is ExecutionStatus.Failed or ExecutionStatus.TimedOut or ExecutionStatus.Aborted;
}

public sealed record MapRunOverview(string Label, string Status, MapRunCounts Items);

/// <summary>Chunks by outcome: from the report when there is one, else from the Map Runs.</summary>
public sealed record ChunkCounts(long Done, long Failed, long InProgress, long Total)
{
    /// <summary>
    /// The first Map Run sends every chunk; a later one (the resend of failed chunks) replaces the earlier failures.
    /// So: done = all successes, failed and in progress = the latest run's.
    /// </summary>
    public static ChunkCounts? FromMapRuns(IReadOnlyList<MapRunOverview> runs)
    {
        if (runs.Count == 0) return null;
        var last = runs[^1].Items;
        return new ChunkCounts(runs.Sum(r => r.Items.Succeeded), last.Failed + last.TimedOut + last.Aborted, last.Running + last.Pending, runs[0].Items.Total);
    }
}

/// <summary>The totals of report.json (read leniently: only the members status needs).</summary>
public sealed record ReportTotals(long Chunks, long ChunksFailed, long LinesRead, long Indexed, long DeadLettered, string? FailedChunksKey)
{
    public static ReportTotals Parse(byte[] json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new BackfillException($"report.json is not valid JSON ({e.Message})");
        }
        var totals = root?["totals"] as JsonObject ?? throw new BackfillException("report.json has no \"totals\" object");
        long Number(string name) => totals[name] is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;
        return new ReportTotals(Number("chunks"), Number("chunksFailed"), Number("linesRead"), Number("indexed"), Number("deadLettered"),
            root?["failedChunksKey"]?.GetValue<string>());
    }
}
