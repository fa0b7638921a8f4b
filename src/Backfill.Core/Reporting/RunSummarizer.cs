using System.Text.Json;
using Backfill.Core.Staging;
using Backfill.Core.Storage;

namespace Backfill.Core.Reporting;

/// <summary>
/// Builds the run report from the send plan and the per-chunk outcomes, and writes report.json plus
/// failed-chunks.jsonl (the plan rows of every chunk that did not succeed: the input of rerun-failed). A chunk with
/// no outcome, an outcome for different bytes, or a failed outcome counts as failed. Every source of the execution
/// input is listed (<see cref="RunSources"/>), one with an empty archive with no chunks and no lines.
/// </summary>
public sealed class RunSummarizer(IObjectStore store, StagingLayout layout, TimeProvider? clock = null)
{
    public async Task<RunReport> SummarizeAsync(CancellationToken cancellationToken = default)
    {
        var plan = ManifestJson.Parse(await store.ReadAllBytesAsync(layout.Plan, cancellationToken).ConfigureAwait(false), store.Describe(layout.Plan));
        var outcomes = new ChunkOutcomeStore(store, layout);
        var chunks = new List<ChunkReport>(plan.Count);
        var failed = new List<ManifestRow>();
        var reasons = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long linesRead = 0, indexed = 0, deadLettered = 0, requests = 0, bytesSent = 0, retried = 0;
        foreach (var row in plan)
        {
            var outcome = await outcomes.ReadAsync(row.Source, row.ChunkIndex, cancellationToken).ConfigureAwait(false);
            var (status, error) = outcome switch
            {
                null => (ChunkOutcome.Failed, "no result: the sender did not finish this chunk"),
                { Sha256: var sha } when sha != row.Sha256 => (ChunkOutcome.Failed, "no result for these bytes: the last send was of a different chunk"),
                { Status: ChunkOutcome.Succeeded } o when o.LinesRead != o.Indexed + o.DeadLettered || o.LinesRead != row.LineCount =>
                    (ChunkOutcome.Failed, $"counts do not add up: {o.LinesRead} lines read, {o.Indexed} indexed, {o.DeadLettered} dead-lettered, {row.LineCount} in the chunk"),
                { Status: ChunkOutcome.Succeeded } => (ChunkOutcome.Succeeded, null),
                var o => (ChunkOutcome.Failed, o.Error is null ? "failed" : $"{o.Error}: {o.Cause}"),
            };
            // An outcome for other bytes says nothing about these: none of its figures count.
            var sent = outcome is not null && outcome.Sha256 == row.Sha256 ? outcome : null;
            if (sent is not null)
            {
                linesRead += sent.LinesRead;
                indexed += sent.Indexed;
                deadLettered += sent.DeadLettered;
                requests += sent.Requests;
                bytesSent += sent.BytesSent;
                retried += sent.RetriedItems;
                foreach (var (reason, count) in sent.DeadLetterReasons ?? [])
                    reasons[reason] = reasons.GetValueOrDefault(reason) + count;
            }
            if (status == ChunkOutcome.Failed) failed.Add(row);
            chunks.Add(new ChunkReport(row.ChunkKey, row.Source, row.ChunkIndex, row.FirstLine, row.LineCount, status,
                sent?.Indexed ?? 0, sent?.DeadLettered ?? 0, sent?.Requests ?? 0, sent?.Seconds ?? 0, sent?.FinishedAt, error,
                sent?.RetriedItems ?? 0, sent is null ? 0 : Math.Max(1, sent.Attempts)));
        }

        var sources = Sources(plan, chunks, await RunSources.ReadAsync(store, layout, cancellationToken).ConfigureAwait(false));

        // failed-chunks.jsonl always reflects this summary: emptied when everything succeeded.
        await store.PutAsync(layout.FailedChunks, ManifestJson.Serialize(failed), cancellationToken).ConfigureAwait(false);
        var report = new RunReport
        {
            RunId = layout.RunId,
            GeneratedAt = (clock ?? TimeProvider.System).GetUtcNow(),
            Totals = new RunTotals(plan.Count, plan.Count - failed.Count, failed.Count, plan.Sum(r => r.LineCount), linesRead, indexed, deadLettered, requests, bytesSent, retried),
            Sources = sources,
            Chunks = chunks,
            DeadLetterReasons = reasons,
            FailedChunksKey = failed.Count > 0 ? layout.FailedChunks : null,
        };
        await store.PutAsync(layout.Report, JsonSerializer.SerializeToUtf8Bytes(report, ReportJson), cancellationToken).ConfigureAwait(false);
        return report;
    }

    /// <summary>
    /// One row per source: those of the execution input in input order (an empty archive's with zero chunks and
    /// lines), then any other source the plan holds; just the plan's sources when the run has no source list.
    /// </summary>
    private static List<SourceReport> Sources(List<ManifestRow> plan, List<ChunkReport> chunks, IReadOnlyList<RunSource>? listed)
    {
        var names = (listed ?? []).Select(s => s.Name).Concat(plan.Select(r => r.Source)).Distinct(StringComparer.Ordinal);
        return names.Select(name =>
        {
            var rows = plan.Where(r => r.Source == name).ToList();
            var reports = chunks.Where(c => c.Source == name).ToList();
            var url = rows.Count > 0 ? rows[0].SourceUrl : listed!.First(s => s.Name == name).Url;
            return new SourceReport(name, url, reports.Count, reports.Count(c => c.Status == ChunkOutcome.Failed),
                rows.Sum(r => r.LineCount), reports.Sum(c => c.Indexed), reports.Sum(c => c.DeadLettered));
        }).ToList();
    }

    public static async Task<RunReport?> ReadAsync(IObjectStore store, StagingLayout layout, CancellationToken cancellationToken = default)
    {
        if (await store.GetInfoAsync(layout.Report, cancellationToken).ConfigureAwait(false) is null) return null;
        return JsonSerializer.Deserialize<RunReport>(await store.ReadAllBytesAsync(layout.Report, cancellationToken).ConfigureAwait(false), BackfillJson.Options);
    }

    private static readonly JsonSerializerOptions ReportJson = new(BackfillJson.Options) { WriteIndented = true };
}
