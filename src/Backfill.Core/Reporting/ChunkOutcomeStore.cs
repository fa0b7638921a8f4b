using System.Text.Json;
using Backfill.Core.Staging;
using Backfill.Core.Storage;

namespace Backfill.Core.Reporting;

/// <summary>Writes and reads <see cref="ChunkOutcome"/>s at their deterministic keys.</summary>
public sealed class ChunkOutcomeStore(IObjectStore store, StagingLayout layout)
{
    /// <summary>Writes <paramref name="outcome"/> as it is (replacing any stored one).</summary>
    public Task WriteAsync(ChunkOutcome outcome, CancellationToken cancellationToken = default) =>
        store.PutAsync(layout.Result(outcome.Source, outcome.ChunkIndex), JsonSerializer.SerializeToUtf8Bytes(outcome, BackfillJson.Options), cancellationToken);

    /// <summary>
    /// Records what the latest attempt at a chunk did, keeping the run's account of earlier attempts: when an outcome
    /// for the same bytes is stored and <paramref name="continuesStored"/> is false (a new send from the chunk's first
    /// line: a task retry, ResendFailedChunks, a redrive), its requests, retried items, bytes and attempts are added to
    /// this one's; when true, <paramref name="outcome"/> continues the stored attempt and already includes them.
    /// Line counts are never added (each attempt covers the same lines). Returns what was written.
    /// </summary>
    public async Task<ChunkOutcome> RecordAsync(ChunkOutcome outcome, bool continuesStored, CancellationToken cancellationToken = default)
    {
        var stored = await ReadEarlierAsync(outcome, cancellationToken).ConfigureAwait(false);
        var recorded = stored switch
        {
            null => outcome with { Attempts = 1 },
            _ when continuesStored => outcome with { Attempts = AttemptsOf(stored) },
            _ => outcome with
            {
                Attempts = AttemptsOf(stored) + 1,
                Requests = stored.Requests + outcome.Requests,
                RetriedItems = stored.RetriedItems + outcome.RetriedItems,
                BytesSent = stored.BytesSent + outcome.BytesSent,
            },
        };
        await WriteAsync(recorded, cancellationToken).ConfigureAwait(false);
        return recorded;
    }

    /// <summary>
    /// Forgets every stored outcome of the run: a fresh execution of a run id starts the report's account of each chunk
    /// anew, while a rerun or a redrive of it adds to the account (<see cref="RecordAsync"/>).
    /// </summary>
    public async Task ClearAsync(CancellationToken cancellationToken = default)
    {
        var keys = new List<string>();
        await foreach (var info in store.ListAsync(layout.Results, cancellationToken).ConfigureAwait(false)) keys.Add(info.Key);
        foreach (var key in keys) await store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ChunkOutcome?> ReadAsync(string source, int index, CancellationToken cancellationToken = default)
    {
        var key = layout.Result(source, index);
        if (await store.GetInfoAsync(key, cancellationToken).ConfigureAwait(false) is null) return null;
        var bytes = await store.ReadAllBytesAsync(key, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize<ChunkOutcome>(bytes, BackfillJson.Options);
        }
        catch (JsonException e)
        {
            throw new Errors.BackfillException($"{store.Describe(key)}: not a chunk result ({e.Message})");
        }
    }

    /// <summary>The stored outcome of an earlier attempt at the same bytes; an unreadable one is not held against the send.</summary>
    private async Task<ChunkOutcome?> ReadEarlierAsync(ChunkOutcome outcome, CancellationToken cancellationToken)
    {
        try
        {
            var stored = await ReadAsync(outcome.Source, outcome.ChunkIndex, cancellationToken).ConfigureAwait(false);
            return stored is not null && stored.Sha256 == outcome.Sha256 ? stored : null;
        }
        catch (Errors.BackfillException)
        {
            return null;
        }
    }

    // Outcomes written before attempts were counted say 0: they were one attempt.
    private static int AttemptsOf(ChunkOutcome outcome) => Math.Max(1, outcome.Attempts);
}
