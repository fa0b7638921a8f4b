namespace Backfill.Cli.Bench;

/// <summary>
/// Measures every figure of <c>backfill bench</c> in one run, side by side on the same machine and data:
/// <list type="number">
/// <item>split of the Jul95-sized archive against <c>gzip -dc</c> of the same file, and its peak RSS at 1× and 4×;</item>
/// <item>client-side grok COMMONAPACHELOG + date (and the whole NASA pipeline), lines/s per core;</item>
/// <item>NDJSON bulk bodies, MB/s per core;</item>
/// <item>one sender's docs/s against the embedded endpoint over HTTP (no pipeline, and the NASA pipeline);</item>
/// <item>the full <c>backfill run</c> of Jul95 + Aug95: wall time against <c>gzip -dc</c> of both, CPU, peak RSS.</item>
/// </list>
/// </summary>
public sealed class BenchRunner(BenchOptions options, TextWriter log)
{
    private const double MiB = 1024 * 1024;
    private readonly List<BenchFigure> _figures = [];
    private readonly MachineInfo _machine = MachineInfo.Current();

    public IReadOnlyList<BenchFigure> Figures => _figures;
    public MachineInfo Machine => _machine;

    public async Task<BenchResults> RunAsync(CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var startLoad = MachineInfo.LoadAverage();
        var data = BenchData.For(options.DataDirectory, options.Quick);
        data.Ensure(log);
        var work = Path.Combine(Path.GetTempPath(), "backfill-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            var julBytes = ProcessBenchmarks.RawBytes(data.JulPath);
            var augBytes = ProcessBenchmarks.RawBytes(data.AugPath);
            var jul4Bytes = julBytes * 4;

            if (options.Measures("split")) await SplitFiguresAsync(data, julBytes, jul4Bytes, work, cancellationToken).ConfigureAwait(false);
            if (options.Measures("stages") || options.Measures("sender"))
            {
                Progress("loading the Jul95-sized trace into memory");
                var lines = new LogLines(data.ReadJul());
                if (options.Measures("stages")) StageFigures(lines, Path.GetFileName(data.JulPath), work);
                if (options.Measures("sender")) await SenderFiguresAsync(lines, work, cancellationToken).ConfigureAwait(false);
                lines = null;
                GC.Collect();
            }
            if (options.Measures("run")) await RunFiguresAsync(data, julBytes + augBytes, work, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
        return new BenchResults(_machine, options.CommandLine, started, DateTimeOffset.UtcNow, options.Quick, startLoad, MachineInfo.LoadAverage(), _figures);
    }

    // ---- split ----------------------------------------------------------------------------------------------------

    private async Task SplitFiguresAsync(BenchData data, long julBytes, long jul4Bytes, string work, CancellationToken ct)
    {
        var gzipWalls = new List<double>();
        var splitWalls = new List<double>();
        var splitCpu = new List<double>();
        var processWalls = new List<double>();
        var rss = new List<double>();
        ProcessBenchmarks.Measured? gzip = null, split = null;
        for (var i = 0; i < options.Repeat; i++)
        {
            Progress($"gzip -dc {Path.GetFileName(data.JulPath)} ({i + 1}/{options.Repeat})");
            gzip = await ProcessBenchmarks.GzipAsync([data.JulPath], ct).ConfigureAwait(false);
            if (gzip is not null) gzipWalls.Add(gzip.WallSeconds);
            Progress($"backfill split {Path.GetFileName(data.JulPath)} ({i + 1}/{options.Repeat})");
            split = await ProcessBenchmarks.SplitAsync(data.JulPath, "jul95", work, ct).ConfigureAwait(false);
            splitWalls.Add(split.WallSeconds);
            splitCpu.Add(split.CpuSeconds ?? double.NaN);
            processWalls.Add(split.ProcessWallSeconds);
            rss.Add(split.PeakRssBytes!.Value / MiB);
        }
        var julMb = julBytes / 1e6;
        double? gzipRate = gzipWalls.Count > 0 ? julMb / Median(gzipWalls) : null;
        if (gzip is not null)
        {
            Add(BenchFigure.FromSamples(gzipWalls.Select(w => julMb / w).ToList(), v => Figure("gzip.jul95.throughput", "gzip -dc (baseline)", "throughput", v, "MB/s", gzip.Command,
                logRate: v, notes: $"{julMb:0} MB of log; wall {Median(gzipWalls):0.00} s; CPU {gzip.CpuSeconds:0.00} s")));
        }
        else
        {
            log.WriteLine("bench: gzip not found on PATH; the split figure has no baseline");
        }
        var splitRateTarget = gzipRate is { } g ? 2 * g : (double?)null;
        Add(BenchFigure.FromSamples(splitWalls.Select(w => julMb / w).ToList(), v => Figure("split.jul95.throughput", "split (download + cut into chunks)", "throughput", v, "MB/s", split!.Command,
            target: splitRateTarget is { } t ? $"≥ 2× gzip -dc (≥ {t:0} MB/s)" : "≥ 2× gzip -dc",
            meets: splitRateTarget is { } t2 ? v >= t2 : null,
            logRate: v,
            notes: $"{(gzipRate is { } r ? $"{v / r:0.00}× gzip -dc; " : "")}command wall {Median(splitWalls):0.00} s (process {Median(processWalls):0.00} s with .NET start-up); CPU {Median(splitCpu):0.00} s; uncompressed 8 MiB chunks in a local directory")));
        Add(BenchFigure.FromSamples(rss, v => Figure("split.jul95.peak-rss", "split (download + cut into chunks)", "peak RSS at 1×", v, "MiB", split!.Command)));

        Progress($"backfill split {Path.GetFileName(data.Jul4Path)} (4× input)");
        var split4 = await ProcessBenchmarks.SplitAsync(data.Jul4Path, "jul95x4", work, ct).ConfigureAwait(false);
        var rss1 = Median(rss);
        var rss4 = split4.PeakRssBytes!.Value / MiB;
        Add(Figure("split.jul95x4.peak-rss", "split (download + cut into chunks)", "peak RSS at 4×", rss4, "MiB", split4.Command,
            target: $"≈ the 1× figure ({rss1:0} MiB): memory does not grow with the archive",
            meets: rss4 <= rss1 * 1.25 + 16,
            notes: $"{jul4Bytes / 1e6:0} MB of log in {split4.WallSeconds:0.00} s; {rss4 / rss1:0.00}× the 1× peak"));
    }

    // ---- in-process stages --------------------------------------------------------------------------------------

    private void StageFigures(LogLines lines, string source, string work)
    {
        var grokDate = StageBenchmarks.GrokAndDatePipeline();
        var nasa = StageBenchmarks.NasaPipeline();
        RateFigure("ingest.grok-date.rate", "grok COMMONAPACHELOG + date (client-side)", lines, () => StageBenchmarks.Ingest(lines, grokDate),
            $"in-process: grok %{{COMMONAPACHELOG}} + date over {source}, one thread", target: 1_000_000, per: "lines");
        RateFigure("ingest.nasa.rate", "NASA pipeline (grok, date, date_index_name, 2 converts)", lines, () => StageBenchmarks.Ingest(lines, nasa),
            $"in-process: statemachine/opensearch/nasa-http.pipeline.json over {source}, one thread", target: null, per: "lines");
        RateFigure("ndjson.rate", "NDJSON bulk bodies", lines, () => StageBenchmarks.BulkBodies(lines),
            $"in-process: the sender's BulkBodyBuilder, 5 MB / 10,000-action bodies over {source}, one thread", target: 500, per: "bytes");
        var nasaJson = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "opensearch", "nasa-http.pipeline.json"));
        RateFigure("embedded.bulk.rate", "embedded endpoint _bulk (parse, NASA pipeline, serialise, store)", lines, () => StageBenchmarks.EmbeddedBulk(lines, nasaJson, work),
            $"in-process: the sender's NDJSON bodies of {source} through the in-process transport with pipeline nasa-http, one thread", target: null, per: "docs");
    }

    private void RateFigure(string id, string stage, LogLines lines, Func<StageBenchmarks.Timing> measure, string what, double? target, string per)
    {
        var rates = new List<double>();
        var logRates = new List<double>();
        var walls = new List<double>();
        StageBenchmarks.Timing timing = default;
        for (var i = 0; i < options.Repeat; i++)
        {
            Progress($"{stage} ({i + 1}/{options.Repeat})");
            timing = measure();
            var work = per switch { "lines" => lines.Count, "docs" => timing.Work, _ => timing.Work / 1e6 };
            rates.Add(work / timing.CpuSeconds);
            logRates.Add(lines.Megabytes / timing.CpuSeconds);
            walls.Add(timing.WallSeconds);
        }
        var unit = per switch { "lines" => "lines/s per core", "docs" => "docs/s per core", _ => "MB/s per core" };
        var logRate = Median(logRates);
        var extra = per switch
        {
            "lines" => $"{lines.Count:N0} lines",
            "docs" => $"{timing.Work:N0} documents indexed",
            _ => $"{timing.Work / 1e6:0} MB of NDJSON from {lines.Megabytes:0} MB of log",
        };
        Add(BenchFigure.FromSamples(rates, v => Figure(id, stage, "throughput", v, unit, $"{options.CommandLine} ({what})",
            target: target is { } t ? (per == "lines" ? $"≥ {t / 1e6:0.#} M lines/s per core" : $"≥ {t:0} MB/s per core") : null,
            meets: target is { } t2 ? v >= t2 : null,
            logRate: logRate,
            notes: $"{extra}; thread CPU {timing.CpuSeconds:0.00} s, wall {Median(walls):0.00} s")));
    }

    // ---- sender over HTTP ---------------------------------------------------------------------------------------

    private async Task SenderFiguresAsync(LogLines lines, string work, CancellationToken ct)
    {
        var chunkBytes = options.Quick ? 256 * 1024 : 8 * 1024 * 1024;
        var nasaJson = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "opensearch", "nasa-http.pipeline.json"), ct).ConfigureAwait(false);
        foreach (var (id, label, pipeline) in new[] { ("sender.http.none", "one sender → embedded endpoint over HTTP, no pipeline", (string?)null), ("sender.http.nasa", "one sender → embedded endpoint over HTTP, NASA pipeline", nasaJson) })
        {
            var rates = new List<double>();
            SenderBenchmark.Outcome outcome = default;
            for (var i = 0; i < options.Repeat; i++)
            {
                Progress($"{label} ({i + 1}/{options.Repeat})");
                outcome = await SenderBenchmark.RunAsync(lines, chunkBytes, work, pipeline, ct).ConfigureAwait(false);
                rates.Add(outcome.Indexed / outcome.WallSeconds);
            }
            var sentShare = outcome.Indexed / (double)lines.Count;
            Add(BenchFigure.FromSamples(rates, v => Figure(id, label, "throughput", v, "docs/s", $"{options.CommandLine} (in-process: ChunkSender over loopback HTTP to the Kestrel-hosted embedded endpoint, pipeline {(pipeline is null ? "_none" : "nasa-http")})",
                logRate: v * (lines.Megabytes * sentShare) / outcome.Indexed,
                notes: $"{outcome.Indexed:N0} docs in {outcome.Chunks} chunks of {chunkBytes / 1024 / 1024.0:0.##} MiB (the first chunk warms up and is not counted); 5 MB bodies, 2 requests in flight; process CPU {outcome.CpuSeconds:0.00} s for {outcome.WallSeconds:0.00} s wall (sender and endpoint share the process)")));
        }
    }

    // ---- full run -------------------------------------------------------------------------------------------------

    private async Task RunFiguresAsync(BenchData data, long rawBytes, string work, CancellationToken ct)
    {
        var gzipWalls = new List<double>();
        var walls = new List<double>();
        var cpus = new List<double>();
        var rss = new List<double>();
        ProcessBenchmarks.Measured? gzip = null, run = null;
        for (var i = 0; i < options.Repeat; i++)
        {
            Progress($"gzip -dc of both archives ({i + 1}/{options.Repeat})");
            gzip = await ProcessBenchmarks.GzipAsync([data.JulPath, data.AugPath], ct).ConfigureAwait(false);
            if (gzip is not null) gzipWalls.Add(gzip.WallSeconds);
            Progress($"backfill run of both archives ({i + 1}/{options.Repeat})");
            run = await ProcessBenchmarks.RunAsync([("jul95", data.JulPath), ("aug95", data.AugPath)], "1x", work, ct).ConfigureAwait(false);
            walls.Add(run.WallSeconds);
            cpus.Add(run.CpuSeconds ?? double.NaN);
            rss.Add(run.PeakRssBytes!.Value / MiB);
        }
        var mb = rawBytes / 1e6;
        var lineCount = data.Jul.Lines + data.Aug.Lines;
        if (gzip is not null)
            Add(BenchFigure.FromSamples(gzipWalls, v => Figure("gzip.both.wall", "gzip -dc (baseline)", "wall time, both archives", v, "s", gzip.Command,
                logRate: mb / v, notes: $"{mb:0} MB of log; CPU {gzip.CpuSeconds:0.00} s")));
        var gzipWall = gzipWalls.Count > 0 ? Median(gzipWalls) : (double?)null;
        var limit = gzipWall is { } g ? Math.Min(4 * g, 10) : 10;
        Add(BenchFigure.FromSamples(walls, v => Figure("run.wall", "full backfill run (split + send, NASA pipeline, embedded endpoint)", "wall time", v, "s", run!.Command,
            target: gzipWall is { } g2 ? $"≤ 4× gzip -dc ({4 * g2:0.0} s) and ≤ 10 s" : "≤ 10 s",
            meets: options.Quick ? null : v <= limit,
            logRate: mb / v,
            notes: $"{lineCount:N0} lines, {mb:0} MB of log; {(gzipWall is { } g3 ? $"{v / g3:0.0}× gzip -dc; " : "")}{lineCount / v:N0} lines/s; process wall {run!.ProcessWallSeconds:0.00} s")));
        Add(BenchFigure.FromSamples(cpus, v => Figure("run.cpu", "full backfill run (split + send, NASA pipeline, embedded endpoint)", "CPU time (user + system)", v, "s", run!.Command,
            notes: $"{v / Median(walls):0.00} cores busy on average; {lineCount / v:N0} lines per CPU second")));
        Add(BenchFigure.FromSamples(rss, v => Figure("run.peak-rss", "full backfill run (split + send, NASA pipeline, embedded endpoint)", "peak RSS at 1×", v, "MiB", run!.Command,
            target: "≤ 512 MB", meets: v * MiB <= 512e6)));

        if (options.RunAt4x)
        {
            Progress("backfill run at 4× input");
            var jul4 = data.Jul4Path;
            var run4 = await ProcessBenchmarks.RunAsync([("jul95x4", jul4)], "4x", work, ct).ConfigureAwait(false);
            Add(Figure("run.x4.peak-rss", "full backfill run (split + send, NASA pipeline, embedded endpoint)", "peak RSS at 4× (Jul95 × 4)", run4.PeakRssBytes!.Value / MiB, "MiB", run4.Command,
                target: "≤ 512 MB", meets: run4.PeakRssBytes <= 512e6,
                notes: $"{data.Jul4.Lines:N0} lines in {run4.WallSeconds:0.0} s (CPU {run4.CpuSeconds:0.0} s)"));
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private BenchFigure Figure(string id, string stage, string measure, double value, string unit, string command,
        string? target = null, bool? meets = null, double? logRate = null, string? notes = null) => new()
    {
        Id = id,
        Stage = stage,
        Measure = measure,
        Value = value,
        Min = value,
        Max = value,
        Unit = unit,
        Target = target,
        MeetsTarget = meets,
        Command = command,
        Machine = _machine.ToString(),
        LoadAverage = MachineInfo.LoadAverage(),
        LogMegabytesPerSecond = logRate,
        Notes = notes,
    };

    private void Add(BenchFigure figure)
    {
        // Quick data is too small for the targets (start-up and JIT dominate): the figures only show each stage runs.
        if (options.Quick) figure = figure with { MeetsTarget = null };
        _figures.Add(figure);
        log.WriteLine($"bench: {figure.Stage}: {figure.Measure} {BenchReport.Format(figure.Value)} {figure.Unit}{(figure.MeetsTarget is { } m ? (m ? " (target met)" : " (target missed)") : "")}");
    }

    private void Progress(string what) => log.WriteLine($"bench: {what} ...");

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>Everything one <c>backfill bench</c> run measured.</summary>
public sealed record BenchResults(MachineInfo Machine, string Command, DateTimeOffset Started, DateTimeOffset Finished, bool Quick,
    double? LoadAverageAtStart, double? LoadAverageAtEnd, IReadOnlyList<BenchFigure> Figures);
