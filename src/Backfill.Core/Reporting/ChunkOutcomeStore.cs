using System.Text.Json;
using Backfill.Core.Staging;
using Backfill.Core.Storage;

namespace Backfill.Core.Reporting;

/// <summary>Writes and reads <see cref="ChunkOutcome"/>s at their deterministic keys.</summary>
public sealed class ChunkOutcomeStore(IObjectStore store, StagingLayout layout)
{
    public Task WriteAsync(ChunkOutcome outcome, CancellationToken cancellationToken = default) =>
        store.PutAsync(layout.Result(outcome.Source, outcome.ChunkIndex), JsonSerializer.SerializeToUtf8Bytes(outcome, BackfillJson.Options), cancellationToken);

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
}
