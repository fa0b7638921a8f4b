using Backfill.Core.OpenSearch;
using Backfill.Core.Sending;
using Backfill.Local.Asl.Execution;
using Backfill.Local.Executions;

namespace Backfill.Cli.Local;

/// <summary>Where a local run keeps its state, and the seams tests use (clocks, transports).</summary>
public sealed record LocalRunOptions
{
    /// <summary>The state machine definition; defaults to statemachine/backfill.asl.json beside the executable or the working directory.</summary>
    public string? DefinitionPath { get; init; }
    public string ExecutionsRoot { get; init; } = LocalExecutionStore.DefaultRoot;
    public const string DefaultOpenSearchData = ".backfill/opensearch";

    /// <summary>Where the embedded OpenSearch endpoint keeps its indices.</summary>
    public string OpenSearchData { get; init; } = DefaultOpenSearchData;
    /// <summary>Directory holding nasa-http.pipeline.json and the index template (PrepareOpenSearch reads them).</summary>
    public string? OpenSearchDefinitions { get; init; }
    /// <summary>Wait and Retry timing of the engine (tests: a virtual clock).</summary>
    public IAslClock Clock { get; init; } = SystemClock.Instance;
    /// <summary>Backoff timing and jitter of the sender (tests: virtual time).</summary>
    public Func<SenderOptions>? SenderOptions { get; init; }
    /// <summary>Wraps every OpenSearch transport (tests inject failures and count requests).</summary>
    public Func<IOpenSearchTransport, IOpenSearchTransport>? TransportDecorator { get; init; }
}
