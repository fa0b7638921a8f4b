using System.Text.Json.Nodes;
using Amazon.Runtime;
using Backfill.Aws;
using Backfill.Aws.S3;
using Backfill.Cli.Tests.Aws;
using Backfill.Core.Samples;
using Backfill.Local.OpenSearch.Faults;
using Backfill.Tests.Shared;

namespace Backfill.Cli.Tests.FaultMatrix;

/// <summary>
/// Staging in an S3-compatible bucket (a real s3rver) behind a proxy that answers PUTs with 503 SlowDown and GETs
/// with 500 InternalError: chunks, manifests, the send plan, chunk results, dead letters and the report all go
/// through it, the SDK retries, and nothing is lost or duplicated.
/// </summary>
public sealed class StagingFaultTests : IDisposable
{
    private const string Bucket = "fault-staging";
    private readonly FaultBed _bed = new("staging");

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task S3_500s_and_503_SlowDown_on_put_and_get_are_retried_and_every_line_is_indexed_once()
    {
        AwsTestEnvironment.Ensure(); // the process's fake AWS credentials (the proxy gives s3rver its own key)
        await using var s3 = await S3rverProcess.StartAsync(Bucket);
        await using var proxy = await S3FaultProxy.StartAsync(s3.Endpoint, failEveryPut: 3, failEveryGet: 3, maxFaults: 6);
        var archive = TestArchive.Nasa(_bed.Archive("jul.gz"), NasaLogProfile.Sample);
        var archives = new Dictionary<string, TestArchive> { ["jul"] = archive };
        JsonObject Input(string runId)
        {
            var input = _bed.Input(runId, [("jul", archive.Path)]);
            input["staging"] = new JsonObject { ["bucket"] = Bucket, ["endpoint"] = proxy.Endpoint, ["region"] = "us-east-1", ["prefix"] = "staged", ["chunkBytes"] = 48 * 1024 };
            return input;
        }
        _bed.Embedded.Faults.Options = new FaultOptions { Reject400 = new FaultRate(0.02), Seed = 29 };

        var run = await _bed.StartAsync(Input("r1"));

        Assert.True(run.Succeeded, $"{run.Execution.Error}: {run.Execution.Cause}");
        Assert.True(proxy.FailedPuts == 6 && proxy.FailedGets == 6, $"faults injected: {proxy.FailedPuts} PUTs of {proxy.Puts}, {proxy.FailedGets} GETs of {proxy.Gets}");
        Invariants.NothingLost(run.Report, archives);
        using var direct = new S3BucketStores(new AwsClientOptions { EndpointUrl = s3.Endpoint, Region = "us-east-1", Credentials = new BasicAWSCredentials(S3rverProcess.AccessKey, "x") });
        var letters = Invariants.DeadLettersKeepOriginalBytes(direct.For(Bucket), "staged/", run.Report!, archives);
        Assert.NotEmpty(letters);
        Invariants.Holds(run.Report!.Totals.Indexed, _bed.Embedded.Count("nasa-logs-*"), "after the run");

        _bed.Embedded.Faults.Options = FaultOptions.None;
        var again = await _bed.StartAsync(Input("r2"));
        Assert.True(again.Succeeded, $"{again.Execution.Error}: {again.Execution.Cause}");
        Invariants.NothingLost(again.Report, archives);
        Invariants.Holds(archive.LineCount, _bed.Embedded.Count("nasa-logs-*"), "after a second run");
    }
}
