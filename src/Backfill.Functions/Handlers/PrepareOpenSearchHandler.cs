using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backfill.Core.Errors;
using Backfill.Core.Input;
using Backfill.Core.OpenSearch;

namespace Backfill.Functions.Handlers;

/// <summary>
/// PrepareOpenSearch: puts the ingest pipeline and the index templates before any chunk is sent, and fails fast —
/// with the endpoint named, never credentials — when the cluster cannot be reached (connection refused, unknown
/// host), refuses the credentials (401/403) or is not an OpenSearch API (404).
/// <para>Event: <c>{"opensearch": {...}, "pipelineBody"?: {…}, "templates"?: {"&lt;name&gt;": {…}}}</c>. Bodies not in
/// the event come from a directory (<see cref="DefaultDefinitionsDirectory"/>): <c>&lt;pipeline id&gt;.pipeline.json</c>
/// for the pipeline named by <c>opensearch.pipeline</c>, and every <c>&lt;name&gt;.index-template.json</c>.</para>
/// <para>Result: <c>{"endpoint", "pipeline", "templates": [names]}</c>.</para>
/// </summary>
public sealed class PrepareOpenSearchHandler(Func<OpenSearchSettings, IOpenSearchTransport> transports, string? definitionsDirectory = null, TimeProvider? time = null) : IFunctionHandler
{
    private const int Attempts = 3;
    private static readonly string[] EventFields = ["opensearch", "pipelineBody", "templates"];

    public string Name => "PrepareOpenSearch";

    /// <summary>BACKFILL_OPENSEARCH_DIR, else <c>opensearch/</c> beside the executable (the package copies statemachine/opensearch there).</summary>
    public static string DefaultDefinitionsDirectory =>
        Environment.GetEnvironmentVariable("BACKFILL_OPENSEARCH_DIR") is { Length: > 0 } dir ? dir : Path.Combine(AppContext.BaseDirectory, "opensearch");

    public async Task<JsonNode?> HandleAsync(JsonNode? input, InvocationContext context, CancellationToken cancellationToken)
    {
        var (settings, pipelineBody, templates) = Parse(input);
        var transport = transports(settings);
        var directory = definitionsDirectory ?? DefaultDefinitionsDirectory;

        pipelineBody ??= ReadDefinition(directory, settings.Pipeline + ".pipeline.json", "opensearch.pipeline");
        await PutAsync(transport, "_ingest/pipeline/" + Uri.EscapeDataString(settings.Pipeline), pipelineBody, $"pipeline \"{settings.Pipeline}\"", cancellationToken).ConfigureAwait(false);

        templates ??= ReadTemplates(directory);
        foreach (var (name, body) in templates)
            await PutAsync(transport, "_index_template/" + Uri.EscapeDataString(name), body, $"index template \"{name}\"", cancellationToken).ConfigureAwait(false);

        return new JsonObject
        {
            ["endpoint"] = transport.Endpoint,
            ["pipeline"] = settings.Pipeline,
            ["templates"] = new JsonArray(templates.Select(t => (JsonNode)JsonValue.Create(t.Name)!).ToArray()),
        };
    }

    /// <summary>One PUT, retried briefly on 429/5xx and resets; anything else that is not 2xx fails the step.</summary>
    private async Task PutAsync(IOpenSearchTransport transport, string path, byte[] body, string what, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            OpenSearchResponse response;
            try
            {
                response = await transport.SendAsync(OpenSearchRequest.Put(path, body), cancellationToken).ConfigureAwait(false);
            }
            catch (OpenSearchUnreachableException e) when (e.Kind is UnreachableKind.ConnectionReset or UnreachableKind.Timeout && attempt < Attempts)
            {
                await DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (OpenSearchUnreachableException e)
            {
                throw new OpenSearchSetupException($"PrepareOpenSearch could not put the {what}: {e.Message} (check opensearch.endpoint)", e);
            }
            if (response.IsSuccess) return;
            if (OpenSearchStatus.IsRetryableItem(response.StatusCode) && attempt < Attempts)
            {
                await DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
                continue;
            }
            var (type, reason) = BulkResponseReader.ReadError(response.Body, response.StatusCode);
            var hint = response.StatusCode switch
            {
                401 => " (the credentials were refused: check opensearch.auth)",
                403 => " (the user may not manage pipelines and templates: check opensearch.auth and the role's permissions)",
                404 => " (is opensearch.endpoint the URL of an OpenSearch cluster?)",
                400 => $" (the {what} definition was refused as written)",
                _ => "",
            };
            throw new OpenSearchSetupException($"OpenSearch at {transport.Endpoint} answered PUT {path} with {OpenSearchStatus.Describe(response.StatusCode)} {type}: {reason}{hint}");
        }
    }

    private Task DelayAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromSeconds(attempt), time ?? TimeProvider.System, cancellationToken);

    private static byte[] ReadDefinition(string directory, string file, string field)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
            throw new BackfillException($"{path}: not found (expected the definition named by {field}, or its body in the PrepareOpenSearch event)");
        var bytes = File.ReadAllBytes(path);
        CheckObject(bytes, path);
        return bytes;
    }

    private static List<(string Name, byte[] Body)> ReadTemplates(string directory)
    {
        const string suffix = ".index-template.json";
        if (!Directory.Exists(directory)) return [];
        return Directory.EnumerateFiles(directory, "*" + suffix).Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileName(path)[..^suffix.Length], ReadDefinition(directory, Path.GetFileName(path), "the template file name"))).ToList();
    }

    private static void CheckObject(byte[] json, string what)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw new BackfillException($"{what}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new BackfillException($"{what}: not valid JSON at line {e.LineNumber + 1} ({e.Message})");
        }
    }

    private (OpenSearchSettings, byte[]?, List<(string Name, byte[] Body)>?) Parse(JsonNode? input)
    {
        var document = $"{Name} event";
        if (input is not JsonObject obj)
            throw new InputValidationException(document, [$"$: expected an object with {string.Join(", ", EventFields)}"]);
        var unknown = obj.Select(p => p.Key).Where(k => Array.IndexOf(EventFields, k) < 0).ToList();
        if (unknown.Count > 0)
            throw new InputValidationException(document, unknown.Select(k => $"$.{k}: unknown field (expected one of: {string.Join(", ", EventFields)})").ToList());
        // The event has no runId (the setup belongs to no run); the input parser wants one, so a placeholder stands in.
        var view = new JsonObject { ["runId"] = "prepare-opensearch" };
        if (obj.TryGetPropertyValue("opensearch", out var os)) view["opensearch"] = os?.DeepClone();
        var settings = HandlerEvent.Parse(view, Name, "runId", "opensearch").OpenSearch;

        var problems = new List<string>();
        byte[]? pipeline = null;
        if (obj["pipelineBody"] is { } p)
        {
            if (p is JsonObject) pipeline = Encoding.UTF8.GetBytes(p.ToJsonString());
            else problems.Add("$.pipelineBody: expected an object (a pipeline definition)");
        }
        List<(string, byte[])>? templates = null;
        if (obj["templates"] is { } t)
        {
            if (t is JsonObject map && map.All(e => e.Value is JsonObject))
                templates = map.Select(e => (e.Key, Encoding.UTF8.GetBytes(e.Value!.ToJsonString()))).ToList();
            else problems.Add("$.templates: expected an object of template name → template body");
        }
        if (problems.Count > 0) throw new InputValidationException(document, problems);
        return (settings, pipeline, templates);
    }
}

/// <summary>The cluster cannot be prepared: unreachable, credentials refused, not OpenSearch, or a definition refused.</summary>
public sealed class OpenSearchSetupException : BackfillException, IServiceFailure
{
    public OpenSearchSetupException(string message) : base(message) { }
    public OpenSearchSetupException(string message, Exception inner) : base(message, inner) { }
}
