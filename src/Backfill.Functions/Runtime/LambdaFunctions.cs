using Backfill.Aws.Signing;
using Backfill.Core.OpenSearch;
using Backfill.Functions.Handlers;

namespace Backfill.Functions.Runtime;

/// <summary>
/// The composition root of the Lambda functions: one package, six functions, the `_HANDLER` setting of each (the SAM
/// template's Handler) chooses which handler this sandbox runs. Shared services (S3 clients per endpoint, OpenSearch
/// transports with basic auth or SigV4 from the function's role) live as long as the sandbox, so warm invocations
/// reuse their connections.
/// </summary>
public sealed class LambdaFunctions : IDisposable
{
    /// <summary>Every handler name, in the order the state machine uses them.</summary>
    public static readonly IReadOnlyList<string> Names = ["ValidateInput", "PrepareOpenSearch", "DownloadAndSplit", "PlanChunks", "SendChunk", "Summarize"];

    private readonly StagingStores _stores = new();
    private readonly OpenSearchTransportFactory _transports = new(embedded: null, signingHandler: auth => OpenSearchSigning.CreateHandler(auth));

    /// <summary>The handler for a `_HANDLER` value; an unknown or missing name is an <see cref="UnknownHandlerException"/>.</summary>
    public IFunctionHandler Create(string? name) => name?.Trim() switch
    {
        "ValidateInput" => new ValidateInputHandler(),
        "PrepareOpenSearch" => new PrepareOpenSearchHandler(_transports.Create),
        "DownloadAndSplit" => new DownloadAndSplitHandler(_stores),
        "PlanChunks" => new PlanChunksHandler(_stores),
        "SendChunk" => new SendChunkHandler(_stores.Resolve, _transports.Create),
        "Summarize" => new SummarizeHandler(_stores),
        null or "" => throw new UnknownHandlerException($"_HANDLER is not set: expected one of {string.Join(", ", Names)} (the function's Handler setting)"),
        var other => throw new UnknownHandlerException($"_HANDLER \"{other}\" is not a Backfill function: expected one of {string.Join(", ", Names)}"),
    };

    public void Dispose() => _stores.Dispose();
}
