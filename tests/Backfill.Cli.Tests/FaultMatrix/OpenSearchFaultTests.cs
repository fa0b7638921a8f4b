using Backfill.Core.Samples;
using Backfill.Local.OpenSearch;
using Backfill.Local.OpenSearch.Faults;
using Backfill.Local.OpenSearch.Hosting;
using Backfill.Tests.Shared;

namespace Backfill.Cli.Tests.FaultMatrix;

/// <summary>
/// The whole run against an OpenSearch-compatible endpoint over loopback HTTP (the embedded endpoint on Kestrel,
/// as `backfill serve` hosts it) that misbehaves: 429 storms, 503s, connection resets before and after the
/// documents were stored, permanent 400s. Every line ends up indexed once or dead-lettered with its bytes.
/// </summary>
public sealed class OpenSearchFaultTests : IAsyncLifetime
{
    private readonly FaultBed _bed = new("opensearch");
    private EmbeddedOpenSearch _cluster = null!;
    private EmbeddedOpenSearchHost _host = null!;

    public async Task InitializeAsync()
    {
        _cluster = EmbeddedOpenSearch.Open(_bed.Dir.Combine("cluster"));
        _host = await EmbeddedOpenSearchHost.StartAsync(_cluster, FreePort.Next());
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _cluster.Dispose();
        _bed.Dispose();
    }

    public static TheoryData<string> Storms => ["429 storm", "503s", "resets before processing", "resets after processing", "400s amid 429s"];

    private static FaultOptions Faults(string storm) => storm switch
    {
        "429 storm" => new FaultOptions { Reject429 = new FaultRate(0.6, Requests: 40), Seed = 3 },
        "503s" => new FaultOptions { Fail503 = new FaultRate(0.5, Requests: 25), Seed = 5 },
        "resets before processing" => new FaultOptions { Reset = new FaultRate(0.4, Requests: 15), ResetAfterProcessing = false, Seed = 7 },
        "resets after processing" => new FaultOptions { Reset = new FaultRate(0.4, Requests: 15), ResetAfterProcessing = true, Seed = 11 },
        "400s amid 429s" => new FaultOptions { Reject400 = new FaultRate(0.03), Reject429 = new FaultRate(0.3, Requests: 20), Seed = 13 },
        _ => throw new ArgumentOutOfRangeException(nameof(storm)),
    };

    [Theory]
    [MemberData(nameof(Storms))]
    public async Task Every_line_is_indexed_once_or_dead_lettered_with_its_bytes_and_a_re_run_duplicates_nothing(string storm)
    {
        var archive = TestArchive.Nasa(_bed.Archive("jul.gz"), NasaLogProfile.Sample);
        var archives = new Dictionary<string, TestArchive> { ["jul"] = archive };
        var endpoint = _host.Address.ToString().TrimEnd('/');
        _cluster.Faults.Options = Faults(storm);

        var first = await _bed.StartAsync(_bed.Input("r1", [("jul", archive.Path)], endpoint));

        var injected = _cluster.Faults.Stats;
        Assert.True(injected.Rejected429 + injected.Failed503 + injected.Resets + injected.Rejected400 > 0, $"{storm}: no fault was injected");
        Assert.True(first.Succeeded, $"{storm}: {first.Execution.Error}: {first.Execution.Cause}");
        Invariants.NothingLost(first.Report, archives);
        var letters = Invariants.DeadLettersKeepOriginalBytes(_bed.StagingRoot, first.Report!, archives);
        Assert.Equal(injected.Rejected400 > 0, letters.Count > 0);
        Assert.All(letters, l => Assert.Equal("mapper_parsing_exception", l["errorType"]!.GetValue<string>()));
        Invariants.Holds(first.Report!.Totals.Indexed, _cluster.Count("nasa-logs-*"), $"{storm}: after the run");

        // Again with a healthy cluster: the same ids are overwritten, and lines dead-lettered before are indexed now.
        _cluster.Faults.Options = FaultOptions.None;
        var second = await _bed.StartAsync(_bed.Input("r2", [("jul", archive.Path)], endpoint));
        Assert.True(second.Succeeded, $"{second.Execution.Error}: {second.Execution.Cause}");
        Assert.Equal(0, second.Report!.Totals.DeadLettered);
        Invariants.Holds(archive.LineCount, _cluster.Count("nasa-logs-*"), $"{storm}: after a second run");
        // The faults made the sender repeat requests (item retries, or a whole chunk re-sent by the state machine's
        // retry once the sender's own attempts ran out): more than the clean run needed.
        Assert.True(injected.Requests > second.Report.Totals.Requests, $"{storm}: {injected.Requests} requests under faults, {second.Report.Totals.Requests} without");
    }
}
