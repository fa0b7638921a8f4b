using System.Text.Json.Nodes;
using Backfill.Core.Reporting;
using Backfill.Core.Staging;

namespace Backfill.Functions.Handlers;

/// <summary>
/// Summarize: report.json and failed-chunks.jsonl from the plan and the per-chunk results.
/// Event: <c>{"runId", "staging"}</c>. Result: the totals plus <c>failedChunksKey</c> (null when nothing failed),
/// which the state machine's final Choice reads.
/// </summary>
public sealed class SummarizeHandler(StagingStores stores, TimeProvider? clock = null) : IFunctionHandler
{
    public string Name => "Summarize";

    public async Task<JsonNode?> HandleAsync(JsonNode? input, InvocationContext context, CancellationToken cancellationToken)
    {
        var request = HandlerEvent.Parse(input, Name, "runId", "staging");
        var layout = StagingLayout.For(request);
        var report = await new RunSummarizer(stores.Resolve(request.Staging), layout, clock).SummarizeAsync(cancellationToken).ConfigureAwait(false);
        var t = report.Totals;
        return new JsonObject
        {
            ["chunks"] = t.Chunks,
            ["chunksSucceeded"] = t.ChunksSucceeded,
            ["chunksFailed"] = t.ChunksFailed,
            ["linesPlanned"] = t.LinesPlanned,
            ["linesRead"] = t.LinesRead,
            ["indexed"] = t.Indexed,
            ["deadLettered"] = t.DeadLettered,
            ["reportKey"] = layout.Report,
            ["failedChunksKey"] = report.FailedChunksKey,
        };
    }
}
