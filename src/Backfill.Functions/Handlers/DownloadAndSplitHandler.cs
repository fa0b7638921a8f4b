using System.Text.Json;
using System.Text.Json.Nodes;
using Backfill.Core;
using Backfill.Core.Input;
using Backfill.Core.Sources;
using Backfill.Core.Splitting;
using Backfill.Core.Staging;

namespace Backfill.Functions.Handlers;

/// <summary>
/// DownloadAndSplit: one source in, its chunks and manifest out.
/// Event: <c>{"runId": "...", "source": {"name", "url", "credentials"?}, "staging": {...}}</c> (the execution input's
/// shapes). Result: <see cref="SourceSplitResult"/> as camelCase JSON, including <c>manifestKey</c>.
/// </summary>
public sealed class DownloadAndSplitHandler(StagingStores stores, ResumeOptions? resume = null) : IFunctionHandler
{
    public string Name => "DownloadAndSplit";

    public async Task<JsonNode?> HandleAsync(JsonNode? input, InvocationContext context, CancellationToken cancellationToken)
    {
        var request = HandlerEvent.Parse(input, Name, "runId", "source", "staging");
        var source = request.Sources[0];
        var splitter = new ArchiveSplitter(stores.Resolve(request.Staging), StagingLayout.For(request), request.Staging.ChunkBytes, request.Staging.ChunkCompression, resume);
        var result = await splitter.SplitAsync(source.Name, stores.Sources(request.Staging).Create(source.Url, source.Credentials), progress: null, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.SerializeToNode(result, BackfillJson.Options);
    }
}
