using System.Text.Json.Nodes;
using Backfill.Core.Reporting;
using Backfill.Core.Samples;
using Backfill.Core.Sending;
using Backfill.Core.Staging;
using Backfill.Local.Asl.Execution;
using Backfill.Local.OpenSearch.Faults;
using Backfill.Tests.Shared;

namespace Backfill.Cli.Tests.FaultMatrix;

/// <summary>
/// The sender stopped mid-chunk: killed (an invocation that dies after part of the chunk was indexed) and then
/// re-sent by redrive or rerun-failed; or reaching its invocation deadline and continuing from the line it reached.
/// Either way every line is indexed exactly once and dead letters are neither lost nor repeated.
/// </summary>
public sealed class SenderFaultTests : IDisposable
{
    private readonly FaultBed _bed = new("sender");
    // The run creates its transports lazily; the first one is wrapped and kept for every later request.
    private readonly InterceptingTransport[] _transport = new InterceptingTransport[1];

    public void Dispose() => _bed.Dispose();

    [Theory]
    [InlineData("redrive")]
    [InlineData("rerun-failed")]
    public async Task A_sender_killed_mid_chunk_on_every_attempt_fails_the_run_and_a_re_run_indexes_every_line_once(string recovery)
    {
        var archive = TestArchive.Nasa(_bed.Archive("jul.gz"), NasaLogProfile.Sample);
        var archives = new Dictionary<string, TestArchive> { ["jul"] = archive };
        var input = _bed.Input("r1", [("jul", archive.Path)]);
        var killed = 0;
        var victim = (ManifestRow?)null;
        var killing = true;
        _bed.Transport = inner =>
        {
            var t = _transport[0] ??= new InterceptingTransport(inner);
            t.BeforeBulk = (sourceId, line) =>
            {
                // The second chunk's sender dies as soon as it sends anything from the second half of its lines.
                victim ??= ManifestOf("r1", "jul")[1];
                if (killing && sourceId == victim.SourceId && line >= victim.FirstLine + victim.LineCount / 2 && line < victim.FirstLine + victim.LineCount)
                {
                    Interlocked.Increment(ref killed);
                    throw new SenderKilledException($"sender killed at line {line}");
                }
            };
            return t;
        };

        var failed = await _bed.StartAsync(input);

        Assert.Equal("FAILED", failed.Execution.Status);
        // The resend Map tolerates no failure: the execution stops there, so a redrive re-runs only that chunk.
        Assert.Equal("States.ExceedToleratedFailureThreshold", failed.Execution.Error);
        Assert.True(killed >= 2, "the sender should have been killed in SendChunks and again in ResendFailedChunks");
        var report = failed.Report!;
        var lost = Assert.Single(report.Chunks, c => c.Status != ChunkOutcome.Succeeded);
        Assert.Equal(victim!.ChunkKey, lost.ChunkKey);
        Assert.Contains("did not finish", lost.Error);
        Assert.Equal([victim.ChunkKey], ManifestJson.Parse(File.ReadAllBytes(Path.Combine(_bed.StagingRoot, "r1", "failed-chunks.jsonl")), "failed").Select(r => r.ChunkKey));
        var partial = _bed.Embedded.Count("nasa-logs-*");
        Assert.True(partial > report.Totals.Indexed, "the killed sender indexed part of its chunk before it died");
        Assert.True(partial < archive.LineCount);

        killing = false;
        var recovered = recovery == "redrive" ? await _bed.RedriveAsync(failed.Execution.Name) : await _bed.RerunFailedAsync(failed.Execution.Name);

        Assert.True(recovered.Succeeded, $"{recovered.Execution.Error}: {recovered.Execution.Cause}");
        if (recovery == "redrive")
        {
            Invariants.NothingLost(recovered.Report, archives);
            Invariants.DeadLettersKeepOriginalBytes(_bed.StagingRoot, recovered.Report!, archives);
        }
        else
        {
            var chunk = Assert.Single(recovered.Report!.Chunks);
            Assert.Equal(victim.ChunkKey, chunk.ChunkKey);
            Assert.Equal(chunk.Lines, chunk.Indexed + chunk.DeadLettered);
        }
        Invariants.Holds(archive.LineCount, _bed.Embedded.Count("nasa-logs-*"), $"after {recovery}");
    }

    [Fact]
    public async Task A_sender_that_reaches_its_deadline_mid_chunk_continues_from_that_line_and_sends_each_line_once()
    {
        // SendChunk gets 60 s per invocation (TimeoutSeconds, as the Lambda timeout would); every bulk request takes
        // 10 s of virtual time, so each invocation stops after a few requests and the state machine calls it again.
        _bed.DefinitionPath = WithSendChunkTimeout(60);
        _bed.SenderOptions = () => new SenderOptions { Time = new VirtualSenderTime(_bed.Clock), DeadlineReserve = TimeSpan.FromSeconds(5) };
        var archive = TestArchive.Nasa(_bed.Archive("jul.gz"), NasaLogProfile.Sample);
        var archives = new Dictionary<string, TestArchive> { ["jul"] = archive };
        var requests = 0;
        _bed.Transport = inner =>
        {
            var t = _transport[0] ??= new InterceptingTransport(inner);
            t.BeforeBulk = (_, _) =>
            {
                Interlocked.Increment(ref requests);
                _bed.Clock.Advance(TimeSpan.FromSeconds(10));
            };
            return t;
        };
        // One sender, one request at a time: the virtual clock is the run's only clock.
        var input = _bed.Input("r1", [("jul", archive.Path)], openSearch: o =>
        {
            o["senders"] = 1;
            o["concurrency"] = 1;
            o["bulkBytes"] = 4096;
        });
        _bed.Embedded.Faults.Options = new FaultOptions { Reject400 = new FaultRate(0.02), Seed = 17 };

        var run = await _bed.StartAsync(input);

        Assert.True(run.Succeeded, $"{run.Execution.Error}: {run.Execution.Cause}");
        Invariants.NothingLost(run.Report, archives);
        Invariants.DeadLettersKeepOriginalBytes(_bed.StagingRoot, run.Report!, archives);
        Assert.True(run.Report!.Totals.DeadLettered > 0);
        // At most five 10 s requests fit before an invocation's deadline (60 s less the 5 s reserve and one request's
        // time), so a chunk sent in more requests went through several invocations.
        Assert.All(run.Report.Chunks, c => Assert.True(c.Requests > 5, $"{c.ChunkKey} was sent in {c.Requests} requests: expected continuations"));
        Assert.Equal(requests, run.Report.Totals.Requests);
        Invariants.Holds(run.Report.Totals.Indexed, _bed.Embedded.Count("nasa-logs-*"), "after the run");
    }

    private List<ManifestRow> ManifestOf(string runId, string source) =>
        ManifestJson.Parse(File.ReadAllBytes(Path.Combine(_bed.StagingRoot, runId, "manifests", source + ".jsonl")), source);

    /// <summary>The real definition with TimeoutSeconds on both SendChunk tasks, written into the bed.</summary>
    private string WithSendChunkTimeout(int seconds)
    {
        var definition = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.StateMachine, "backfill.asl.json")))!;
        definition["States"]!["SendChunks"]!["ItemProcessor"]!["States"]!["SendChunk"]!["TimeoutSeconds"] = seconds;
        definition["States"]!["ResendFailedChunks"]!["ItemProcessor"]!["States"]!["ResendSendChunk"]!["TimeoutSeconds"] = seconds;
        var path = _bed.Dir.Combine("backfill-with-timeout.asl.json");
        File.WriteAllText(path, definition.ToJsonString());
        return path;
    }
}

/// <summary>The sender's time on the engine's virtual clock: deadlines and request durations in virtual seconds; backoff does not wait.</summary>
internal sealed class VirtualSenderTime(VirtualClock clock) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => clock.UtcNow;

    public override long GetTimestamp() => clock.UtcNow.UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        base.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, period);
}
