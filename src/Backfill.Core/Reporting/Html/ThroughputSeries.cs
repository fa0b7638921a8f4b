namespace Backfill.Core.Reporting.Html;

/// <summary>
/// Lines sent per second over the run, from the chunk results: each chunk's lines (indexed + dead-lettered) are
/// spread evenly over the time its sender spent on it (<c>finishedAt - seconds</c> to <c>finishedAt</c>) and summed
/// into equal time buckets of a round width (0.1 s, 0.2 s, 0.5 s, 1 s, 2 s, … 1 h, …) chosen so there are at most
/// <see cref="MaxBuckets"/>.
/// </summary>
public sealed record ThroughputSeries(DateTimeOffset Start, TimeSpan BucketWidth, IReadOnlyList<double> LinesPerSecond)
{
    public const int MaxBuckets = 60;

    private static readonly TimeSpan[] Widths =
        [.. new[] { 100, 200, 500 }.Select(ms => TimeSpan.FromMilliseconds(ms)),
         .. new[] { 1, 2, 5, 10, 15, 30 }.Select(s => TimeSpan.FromSeconds(s)),
         .. new[] { 1, 2, 5, 10, 15, 30 }.Select(m => TimeSpan.FromMinutes(m)),
         .. new[] { 1, 2, 3, 6, 12, 24 }.Select(h => TimeSpan.FromHours(h))];

    public static ThroughputSeries? From(IEnumerable<ChunkReport> chunks)
    {
        var spans = chunks
            .Where(c => c.FinishedAt is not null && c.Indexed + c.DeadLettered > 0)
            .Select(c => (End: c.FinishedAt!.Value, Start: c.FinishedAt!.Value - TimeSpan.FromSeconds(Math.Max(0, c.Seconds)), Lines: (double)(c.Indexed + c.DeadLettered)))
            .ToList();
        if (spans.Count == 0) return null;

        var start = spans.Min(s => s.Start);
        var end = spans.Max(s => s.End);
        var total = end - start;
        // Aligning the start may add one bucket, so leave room for it.
        var width = Widths.FirstOrDefault(w => total.Ticks / w.Ticks < MaxBuckets - 1);
        if (width == TimeSpan.Zero) width = TimeSpan.FromTicks(total.Ticks / (MaxBuckets - 2) + 1);
        // Align to the width, so buckets start on round times.
        start = new DateTimeOffset(start.UtcTicks - start.UtcTicks % width.Ticks, TimeSpan.Zero);
        var count = Math.Max(1, (int)(((end - start).Ticks + width.Ticks - 1) / width.Ticks));
        var lines = new double[count];
        foreach (var span in spans)
        {
            var duration = (span.End - span.Start).Ticks;
            if (duration <= 0)
            {
                lines[Bucket(span.End)] += span.Lines;
                continue;
            }
            for (var b = Bucket(span.Start); b <= Bucket(span.End) && b < count; b++)
            {
                var from = Math.Max(span.Start.UtcTicks, start.UtcTicks + b * width.Ticks);
                var to = Math.Min(span.End.UtcTicks, start.UtcTicks + (b + 1) * width.Ticks);
                if (to > from) lines[b] += span.Lines * (to - from) / duration;
            }
        }
        return new ThroughputSeries(start, width, lines.Select(n => n / width.TotalSeconds).ToList());

        int Bucket(DateTimeOffset t) => Math.Min(count - 1, (int)((t.UtcTicks - start.UtcTicks) / width.Ticks));
    }
}
