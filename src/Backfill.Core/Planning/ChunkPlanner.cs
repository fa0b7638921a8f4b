using Backfill.Core.Input;
using Backfill.Core.Staging;
using Backfill.Core.Storage;

namespace Backfill.Core.Planning;

/// <summary>
/// Writes the send plan (<c>StagingLayout.Plan</c>, JSON Lines of manifest rows) that the sender Map reads:
/// every source's manifest in input order, or, for a rerun, the rows of an earlier run's failed-chunks.jsonl.
/// </summary>
public sealed class ChunkPlanner(IObjectStore store)
{
    public async Task<ChunkPlan> PlanAsync(ExecutionInput input, CancellationToken cancellationToken = default)
    {
        var layout = StagingLayout.For(input);
        var rows = new List<ManifestRow>();
        if (input.Rerun is { } rerun)
        {
            rows.AddRange(await ReadRowsAsync(rerun.FailedChunksKey, "$.rerun.failedChunksKey", cancellationToken).ConfigureAwait(false));
        }
        else
        {
            foreach (var source in input.Sources)
                rows.AddRange(await ReadRowsAsync(layout.Manifest(source.Name), $"the manifest of source \"{source.Name}\"", cancellationToken).ConfigureAwait(false));
        }
        await store.PutAsync(layout.Plan, ManifestJson.Serialize(rows), cancellationToken).ConfigureAwait(false);
        return new ChunkPlan(layout.Plan, rows.Count, rows.Sum(r => r.LineCount));
    }

    private async Task<List<ManifestRow>> ReadRowsAsync(string key, string what, CancellationToken cancellationToken)
    {
        if (await store.GetInfoAsync(key, cancellationToken).ConfigureAwait(false) is null)
            throw new Errors.BackfillException($"{what} ({store.Describe(key)}) does not exist (expected it to be written by an earlier step or run)");
        return ManifestJson.Parse(await store.ReadAllBytesAsync(key, cancellationToken).ConfigureAwait(false), store.Describe(key));
    }
}

/// <summary>Where the plan is and how big it is.</summary>
public sealed record ChunkPlan(string Key, int Chunks, long Lines);
