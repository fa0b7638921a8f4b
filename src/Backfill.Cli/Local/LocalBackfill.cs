using System.Text.Json;
using System.Text.Json.Nodes;
using Backfill.Core.Errors;
using Backfill.Core.Input;
using Backfill.Core.OpenSearch;
using Backfill.Core.Reporting;
using Backfill.Core.Staging;
using Backfill.Core.Storage;
using Backfill.Functions;
using Backfill.Functions.Handlers;
using Backfill.Local.Asl.Execution;
using Backfill.Local.Asl.Model;
using Backfill.Local.Asl.Tasks;
using Backfill.Local.Executions;
using Backfill.Local.OpenSearch;

namespace Backfill.Cli.Local;

/// <summary>
/// The whole backfill on one machine: the real definition (statemachine/backfill.asl.json) on the local ASL engine,
/// the real handlers in-process, staging in a local directory (or S3), and OpenSearch embedded (or a real cluster).
/// Executions are kept on disk so they can be listed, redriven and re-run.
/// </summary>
public sealed class LocalBackfill : IDisposable
{
    private readonly LocalRunOptions _options;
    private readonly StagingStores _stores = new();
    private readonly Lazy<EmbeddedOpenSearch> _embedded;
    private readonly OpenSearchTransportFactory _transports;

    public LocalBackfill(LocalRunOptions options)
    {
        _options = options;
        Executions = new LocalExecutionStore(options.ExecutionsRoot);
        _embedded = new Lazy<EmbeddedOpenSearch>(() => EmbeddedOpenSearch.Open(options.OpenSearchData));
        _transports = SendChunkHandler.DefaultTransports(() => _embedded.Value.Transport);
    }

    public LocalExecutionStore Executions { get; }

    /// <summary>The embedded endpoint (opened on first use).</summary>
    public EmbeddedOpenSearch Embedded => _embedded.Value;

    public static string DefaultDefinitionPath => Path.Combine(AppContext.BaseDirectory, "statemachine", "backfill.asl.json");

    /// <summary>Starts a new execution and waits for it. The input is checked first, so a bad input creates no execution.</summary>
    public async Task<LocalRunOutcome> StartAsync(JsonNode input, string document, string? name, RunProgress? progress, CancellationToken cancellationToken, string? rerunOf = null)
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff");
        var runId = (input as JsonObject)?["runId"]?.GetValue<string>();
        name ??= $"{runId ?? "run"}-{stamp}";
        var parsed = ExecutionInputParser.Parse(JsonSerializer.SerializeToElement(input), document, defaultRunId: name);
        var definitionPath = _options.DefinitionPath ?? DefaultDefinitionPath;
        if (!File.Exists(definitionPath)) throw new BackfillException($"--definition {definitionPath}: file not found (expected a state machine definition)");
        var definition = await File.ReadAllTextAsync(definitionPath, cancellationToken).ConfigureAwait(false);
        var substitutions = LocalFunctions.Substitutions();
        var machine = StateMachine.Parse(definition, substitutions, definitionPath);
        OpenEmbeddedIfUsed(parsed);

        Executions.Create(name, definition, substitutions, input);
        if (progress is not null) progress.SourcesTotal = parsed.Rerun is null ? parsed.Sources.Count : 0;
        using var history = Executions.OpenHistory(name);
        var engine = CreateEngine(parsed.Staging, progress, history);
        Executions.MarkRunning(name, "", DateTimeOffset.UtcNow, 0, rerunOf);
        var result = await engine.StartExecutionAsync(machine, input, name, cancellationToken).ConfigureAwait(false);
        var summary = Executions.SaveResult(result, rerunOf);
        return new LocalRunOutcome(summary, await ReadReportAsync(parsed, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Redrives a failed local execution: unsuccessful states re-run, successful Map iterations are kept.</summary>
    public async Task<LocalRunOutcome> RedriveAsync(string name, RunProgress? progress, CancellationToken cancellationToken)
    {
        var summary = Executions.GetSummary(name);
        if (summary.Status is "SUCCEEDED") throw new BackfillException($"execution \"{name}\" succeeded; only failed, timed-out or aborted executions can be redriven");
        var record = Executions.GetRecord(name);
        var (definition, substitutions) = Executions.GetDefinition(name);
        var machine = StateMachine.Parse(definition, substitutions, $"{Executions.FolderOf(name)}/definition.asl.json");
        var parsed = ParseStored(name);
        OpenEmbeddedIfUsed(parsed);
        using var history = Executions.OpenHistory(name);
        var engine = CreateEngine(parsed.Staging, progress, history);
        Executions.MarkRunning(name, record.ExecutionArn, record.StartDate, record.RedriveCount + 1, null);
        var result = await engine.RedriveExecutionAsync(machine, record, cancellationToken).ConfigureAwait(false);
        var saved = Executions.SaveResult(result);
        return new LocalRunOutcome(saved, await ReadReportAsync(parsed, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Starts a new execution over the chunks a local execution did not send. The failed list is recomputed from the
    /// per-chunk results first, so chunks that succeeded on a later attempt are not sent again.
    /// </summary>
    /// <param name="newName">Name of the new execution (default: its run id, "{runId}-rerun-{timestamp}").</param>
    public async Task<LocalRunOutcome> RerunFailedAsync(string name, RunProgress? progress, CancellationToken cancellationToken, string? newName = null)
    {
        var previous = Executions.GetSummary(name);
        var parsed = ParseStored(name);
        var store = _stores.Resolve(parsed.Staging);
        var layout = StagingLayout.For(parsed);
        if (await store.GetInfoAsync(layout.Plan, cancellationToken).ConfigureAwait(false) is null)
            throw new BackfillException($"execution \"{name}\" planned no chunks ({previous.Error ?? "it stopped before sending"}); nothing to re-send (try `backfill redrive {name}`)");
        var report = await new RunSummarizer(store, layout).SummarizeAsync(cancellationToken).ConfigureAwait(false);
        if (report.FailedChunksKey is null)
            throw new BackfillException($"execution \"{name}\" has no failed chunks: all {report.Totals.Chunks} were sent");

        var input = Executions.GetInput(name)!.AsObject();
        var rerunRunId = Truncate($"{parsed.RunId}-rerun-{DateTime.UtcNow:yyyyMMddHHmmss}", 64);
        input["runId"] = rerunRunId;
        input["rerun"] = new JsonObject { ["failedChunksKey"] = report.FailedChunksKey, ["previousRunId"] = parsed.RunId };
        return await StartAsync(input, $"rerun of {name}", newName ?? rerunRunId, progress, cancellationToken, rerunOf: name).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens the embedded endpoint before the execution starts when the input uses it, so a data directory another
    /// process holds is an error of the command (nothing recorded) rather than a failed PrepareOpenSearch.
    /// </summary>
    private void OpenEmbeddedIfUsed(ExecutionInput input)
    {
        if (input.OpenSearch.IsEmbedded) _ = _embedded.Value;
    }

    private ExecutionInput ParseStored(string name)
    {
        var input = Executions.GetInput(name);
        return ExecutionInputParser.Parse(JsonSerializer.SerializeToElement(input), $"{Executions.FolderOf(name)}/input.json", defaultRunId: name);
    }

    private async Task<RunReport?> ReadReportAsync(ExecutionInput input, CancellationToken cancellationToken)
    {
        try
        {
            return await RunSummarizer.ReadAsync(_stores.Resolve(input.Staging), StagingLayout.For(input), cancellationToken).ConfigureAwait(false);
        }
        catch (BackfillException)
        {
            return null;
        }
    }

    private AslEngine CreateEngine(StagingSettings staging, RunProgress? progress, HistoryFileWriter? history)
    {
        var registry = new TaskHandlerRegistry();
        foreach (var handler in Handlers())
            registry.Register(LocalFunctions.Arn(handler.Name), ObservedHandler.For(handler, progress));
        return new AslEngine(new AslEngineOptions
        {
            Handlers = registry,
            Clock = _options.Clock,
            ObjectStores = bucket => bucket == PlanChunksHandler.LocalBucket && staging.Root is not null
                ? new LocalDirectoryObjectStore(staging.Root)
                : _stores.S3(staging.Endpoint, staging.Region).For(bucket),
            Observer = history,
            StateMachineName = "backfill",
        });
    }

    private IEnumerable<IFunctionHandler> Handlers()
    {
        Func<OpenSearchSettings, IOpenSearchTransport> transports = settings =>
        {
            var transport = _transports.Create(settings);
            return _options.TransportDecorator?.Invoke(transport) ?? transport;
        };
        yield return new ValidateInputHandler();
        yield return new PrepareOpenSearchHandler(transports, _options.OpenSearchDefinitions);
        yield return new DownloadAndSplitHandler(_stores);
        yield return new PlanChunksHandler(_stores);
        yield return new SendChunkHandler(_stores.Resolve, transports, _options.SenderOptions);
        yield return new SummarizeHandler(_stores);
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    public void Dispose()
    {
        _stores.Dispose();
        if (_embedded.IsValueCreated) _embedded.Value.Dispose();
    }
}

/// <summary>How a local execution ended, and its report when Summarize got to write one.</summary>
public sealed record LocalRunOutcome(LocalExecutionSummary Execution, RunReport? Report)
{
    public bool Succeeded => Execution.Status == "SUCCEEDED";
}
