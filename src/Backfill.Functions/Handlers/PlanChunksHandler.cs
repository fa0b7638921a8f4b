using System.Text.Json.Nodes;
using Backfill.Core.Planning;
using Backfill.Core.Reporting;
using Backfill.Core.Staging;

namespace Backfill.Functions.Handlers;

/// <summary>
/// PlanChunks: writes the send plan (chunks.jsonl) from the sources' manifests, or from an earlier run's
/// failed-chunks.jsonl when the input has <c>rerun</c>. Event: the normalised execution input.
/// Result: <c>{"bucket", "key", "chunks", "lines"}</c> for the sender Map's ItemReader; "bucket" is "local"
/// when staging is a local directory (the local engine maps it to that directory). It also writes the input's source
/// list (<see cref="RunSources"/>) so the report lists a source whose archive was empty. A fresh execution (no
/// <c>rerun</c>) first clears the run's stored chunk outcomes, so its report counts only its own requests.
/// </summary>
public sealed class PlanChunksHandler(StagingStores stores) : IFunctionHandler
{
    public const string LocalBucket = "local";

    public string Name => "PlanChunks";

    public async Task<JsonNode?> HandleAsync(JsonNode? input, InvocationContext context, CancellationToken cancellationToken)
    {
        var request = HandlerEvent.Parse(input, Name, "runId", "sources", "staging", "opensearch", "rerun");
        var store = stores.Resolve(request.Staging);
        var layout = StagingLayout.For(request);
        // A new execution of the run (not a rerun) reports only its own sends, not those of an earlier execution.
        if (request.Rerun is null) await new ChunkOutcomeStore(store, layout).ClearAsync(cancellationToken).ConfigureAwait(false);
        var plan = await new ChunkPlanner(store).PlanAsync(request, cancellationToken).ConfigureAwait(false);
        await RunSources.WriteAsync(store, layout, request.Sources, cancellationToken).ConfigureAwait(false);
        return new JsonObject
        {
            ["bucket"] = request.Staging.Bucket ?? LocalBucket,
            ["key"] = plan.Key,
            ["chunks"] = plan.Chunks,
            ["lines"] = plan.Lines,
        };
    }
}
