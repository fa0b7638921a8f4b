using System.Text.Json.Nodes;
using Backfill.Cli.Local;
using Backfill.Core.OpenSearch;
using Backfill.Core.Sending;
using Backfill.Local.Asl.Execution;
using Backfill.Local.OpenSearch;
using Backfill.Tests.Shared;

namespace Backfill.Cli.Tests.FaultMatrix;

/// <summary>
/// One fault test's world: a temporary directory holding the archives, the staging root, the local executions and
/// the embedded OpenSearch data; the real definition and handlers on the local engine (<see cref="LocalBackfill"/>)
/// with a virtual engine clock and sender backoff that does not wait, so retries happen without sleeping.
/// Small chunks and bulk bodies make every fault hit several chunks and requests.
/// </summary>
internal sealed class FaultBed : IDisposable
{
    private LocalBackfill? _backfill;

    public FaultBed(string name) => Dir = new TempDirectory("fault-" + name);

    public TempDirectory Dir { get; }
    public string StagingRoot => Dir.Combine("store");
    public string ExecutionsRoot => Dir.Combine("executions");
    public string OpenSearchData => Dir.Combine("opensearch");
    public string DefinitionPath { get; set; } = Path.Combine(RepoPaths.StateMachine, "backfill.asl.json");

    public VirtualClock Clock { get; } = new();

    /// <summary>The sender's clock and timers (default: real time, backoff without waiting).</summary>
    public Func<SenderOptions> SenderOptions { get; set; } = () => new SenderOptions { Time = new ImmediateTime() };

    /// <summary>Wraps every OpenSearch transport of the run (set before the first run).</summary>
    public Func<IOpenSearchTransport, IOpenSearchTransport>? Transport { get; set; }

    public LocalBackfill Backfill => _backfill ??= new LocalBackfill(new LocalRunOptions
    {
        DefinitionPath = DefinitionPath,
        OpenSearchDefinitions = Path.Combine(RepoPaths.StateMachine, "opensearch"),
        ExecutionsRoot = ExecutionsRoot,
        OpenSearchData = OpenSearchData,
        Clock = Clock,
        SenderOptions = SenderOptions,
        TransportDecorator = Transport,
    });

    /// <summary>The embedded endpoint of <c>opensearch.endpoint: "embedded"</c> runs.</summary>
    public EmbeddedOpenSearch Embedded => Backfill.Embedded;

    public string Archive(string name) => Dir.Combine("archives", name);

    /// <summary>An execution input over <paramref name="sources"/> (name → URL) with small chunks and bodies.</summary>
    public JsonObject Input(string runId, IEnumerable<(string Name, string Url)> sources, string endpoint = "embedded", Action<JsonObject>? openSearch = null)
    {
        var settings = new JsonObject
        {
            ["endpoint"] = endpoint,
            ["bulkBytes"] = 16 * 1024,
            ["maxAttempts"] = 10,
            ["maxRetrySeconds"] = 600,
            ["senders"] = 2,
        };
        openSearch?.Invoke(settings);
        return new JsonObject
        {
            ["runId"] = runId,
            ["sources"] = new JsonArray(sources.Select(s => (JsonNode)new JsonObject { ["name"] = s.Name, ["url"] = s.Url }).ToArray()),
            ["staging"] = new JsonObject { ["root"] = StagingRoot, ["chunkBytes"] = 48 * 1024 },
            ["opensearch"] = settings,
        };
    }

    public Task<LocalRunOutcome> StartAsync(JsonObject input, string? name = null) =>
        Backfill.StartAsync(input, "fault test input", name ?? input["runId"]!.GetValue<string>(), new RunProgress(), CancellationToken.None);

    public Task<LocalRunOutcome> RedriveAsync(string name) => Backfill.RedriveAsync(name, new RunProgress(), CancellationToken.None);

    public Task<LocalRunOutcome> RerunFailedAsync(string name) => Backfill.RerunFailedAsync(name, new RunProgress(), CancellationToken.None);

    /// <summary>Writes <paramref name="input"/> to a file for `backfill run --input`.</summary>
    public string WriteInput(JsonNode input, string file = "input.json")
    {
        var path = Dir.Combine(file);
        File.WriteAllText(path, input.ToJsonString());
        return path;
    }

    /// <summary>`backfill run` in-process with this bed's executions, OpenSearch data and definition.</summary>
    public Task<(int Exit, string Out, string Error)> RunCliAsync(string inputPath, string name) =>
        CliRunner.RunAsync("run", "--input", inputPath, "--name", name, "--definition", DefinitionPath,
            "--executions", ExecutionsRoot, "--opensearch-data", OpenSearchData);

    public void Dispose()
    {
        _backfill?.Dispose();
        Dir.Dispose();
    }
}

/// <summary>Sender backoff that does not wait (the retries still happen, in order); real wall-clock time otherwise.</summary>
internal sealed class ImmediateTime : TimeProvider
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        base.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, period);
}
