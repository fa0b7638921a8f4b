using Backfill.Cli.Local;
using Backfill.Cli.Tests.FaultMatrix;
using Backfill.Core.OpenSearch;
using Backfill.Core.Sending;
using Backfill.Local.Asl.Execution;
using Backfill.Tests.Shared;

namespace Backfill.Cli.Tests.Local;

/// <summary>
/// Local runs as the end-to-end tests make them: the repository's definition and OpenSearch definitions, a virtual
/// clock (Wait states and retries take no time) and sender backoff without waiting.
/// </summary>
internal static class TestRunOptions
{
    public static LocalRunOptions Create(string executionsRoot, string openSearchData, Func<IOpenSearchTransport, IOpenSearchTransport>? transport) => new()
    {
        DefinitionPath = Path.Combine(RepoPaths.StateMachine, "backfill.asl.json"),
        OpenSearchDefinitions = Path.Combine(RepoPaths.StateMachine, "opensearch"),
        ExecutionsRoot = executionsRoot,
        OpenSearchData = openSearchData,
        Clock = new VirtualClock(),
        SenderOptions = () => new SenderOptions { Time = new ImmediateTime() },
        TransportDecorator = transport,
    };
}
