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
        var request = ParseEvent(input);
        var source = request.Sources[0];
        var splitter = new ArchiveSplitter(stores.Resolve(request.Staging), StagingLayout.For(request), request.Staging.ChunkBytes, request.Staging.ChunkCompression, resume);
        var result = await splitter.SplitAsync(source.Name, stores.Sources(request.Staging).Create(source.Url, source.Credentials), progress: null, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.SerializeToNode(result, BackfillJson.Options);
    }

    /// <summary>Validates the event with the execution input's own rules by viewing it as a one-source input.</summary>
    internal static ExecutionInput ParseEvent(JsonNode? input)
    {
        if (input is not JsonObject obj)
            throw new InputValidationException("DownloadAndSplit event", ["$: expected an object with runId, source and staging"]);
        var unknown = obj.Select(p => p.Key).Where(k => k is not ("runId" or "source" or "staging")).ToList();
        if (unknown.Count > 0)
            throw new InputValidationException("DownloadAndSplit event", unknown.Select(k => $"$.{k}: unknown field (expected one of: runId, source, staging)").ToList());
        if (obj["source"] is null)
            throw new InputValidationException("DownloadAndSplit event", ["$.source: is required (expected an object with name and url)"]);
        var asInput = new JsonObject
        {
            ["runId"] = obj["runId"]?.DeepClone(),
            ["sources"] = new JsonArray(obj["source"]!.DeepClone()),
            ["staging"] = obj["staging"]?.DeepClone(),
        };
        try
        {
            return ExecutionInputParser.Parse(JsonSerializer.SerializeToElement(asInput), "DownloadAndSplit event");
        }
        catch (InputValidationException e)
        {
            // Report paths as the event has them ($.source…), not as the one-source input view ($.sources[0]…).
            throw new InputValidationException("DownloadAndSplit event", e.Problems.Select(p => p.Replace("$.sources[0]", "$.source")).ToList());
        }
    }
}
