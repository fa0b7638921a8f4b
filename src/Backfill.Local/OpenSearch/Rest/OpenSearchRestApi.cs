using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Backfill.Core.Ingest;
using Backfill.Local.OpenSearch.Bulk;
using Backfill.Local.OpenSearch.Faults;
using Backfill.Local.OpenSearch.Ingest;
using Backfill.Local.OpenSearch.Storage;

namespace Backfill.Local.OpenSearch.Rest;

/// <summary>
/// The REST surface of the embedded endpoint: one router shared by the Kestrel host and the in-process transport,
/// so both answer with the same statuses and bodies. Routes (OpenSearch's shapes):
/// <code>
/// GET  /                                   cluster info
/// PUT  /_ingest/pipeline/{id}              GET /_ingest/pipeline[/{id}]   DELETE /_ingest/pipeline/{id}
/// POST /_ingest/pipeline[/{id}]/_simulate  (?verbose)
/// PUT  /_index_template/{name}             GET /_index_template[/{name}]
/// POST /_bulk, /{index}/_bulk              (?pipeline, ?refresh; index/create/delete)
/// GET  /{index}/_doc/{id}
/// GET  /_count, /{index}/_count            (match_all only)
/// GET  /_cat/indices[/{pattern}]           (?format=json, ?v)
/// PUT  /{index}    DELETE /{index}    POST /[{index}/]_refresh
/// GET|PUT|DELETE /_backfill/faults         (only when fault injection is enabled)
/// </code>
/// </summary>
internal sealed class OpenSearchRestApi
{
    private readonly IndexCatalog _indices;
    private readonly PipelineStore _pipelines;
    private readonly TemplateStore _templates;
    private readonly FaultInjector _faults;
    private readonly BulkExecutor _bulk;
    private readonly EmbeddedOpenSearchOptions _options;
    private readonly string _clusterUuid;
    // OpenSearch's write thread pool: as many bulk requests execute at once as there are cores; the others wait
    // their turn (a local run sends 4 × 2 requests at a time, which on 2 cores only contended for the same indices).
    private readonly SemaphoreSlim _writeThreads = new(Environment.ProcessorCount);

    public OpenSearchRestApi(IndexCatalog indices, PipelineStore pipelines, TemplateStore templates, FaultInjector faults, EmbeddedOpenSearchOptions options, string clusterUuid)
    {
        _indices = indices;
        _pipelines = pipelines;
        _templates = templates;
        _faults = faults;
        _options = options;
        _clusterUuid = clusterUuid;
        _bulk = new BulkExecutor(indices, pipelines, templates, faults);
    }

    public async Task<RestResponse> HandleAsync(RestRequest request, bool inProcess, CancellationToken cancellationToken)
    {
        try
        {
            var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
            var method = request.Method == "HEAD" ? "GET" : request.Method;
            return (method, segments) switch
            {
                ("GET", []) => Root(),
                (_, ["_bulk"]) when method is "POST" or "PUT" => await BulkAsync(request, null, inProcess, cancellationToken).ConfigureAwait(false),
                (_, [var index, "_bulk"]) when method is "POST" or "PUT" => await BulkAsync(request, index, inProcess, cancellationToken).ConfigureAwait(false),
                ("PUT" or "POST", ["_ingest", "pipeline", var id]) when id != "_simulate" => PutPipeline(id, request.Body),
                ("GET", ["_ingest", "pipeline"]) => GetPipelines("*"),
                ("GET", ["_ingest", "pipeline", var id]) => GetPipelines(id),
                ("DELETE", ["_ingest", "pipeline", var id]) => DeletePipeline(id),
                ("POST" or "GET", ["_ingest", "pipeline", "_simulate"]) => Simulate(null, request),
                ("POST" or "GET", ["_ingest", "pipeline", var id, "_simulate"]) => Simulate(id, request),
                ("PUT" or "POST", ["_index_template", var name]) => PutTemplate(name, request.Body),
                ("GET", ["_index_template"]) => GetTemplates(null),
                ("GET", ["_index_template", var name]) => GetTemplates(name),
                ("GET" or "POST", ["_count"]) => Count("_all", request),
                ("GET" or "POST", [var index, "_count"]) => Count(index, request),
                ("GET", ["_cat", "indices"]) => CatIndices("*", request),
                ("GET", ["_cat", "indices", var pattern]) => CatIndices(pattern, request),
                ("GET", [var index, "_doc", var id]) => GetDocument(index, id),
                ("POST" or "GET", ["_refresh"]) => Refresh("_all"),
                ("POST" or "GET", [var index, "_refresh"]) => Refresh(index),
                (_, ["_backfill", "faults"]) when _options.AllowFaultInjection => FaultsEndpoint(method, request.Body),
                ("PUT", [var index]) when !index.StartsWith('_') => CreateIndex(index),
                ("DELETE", [var index]) when !index.StartsWith('_') => DeleteIndex(index),
                _ => NoHandler(request),
            };
        }
        catch (OpenSearchApiException e)
        {
            return JsonBodies.Error(e);
        }
    }

    private static RestResponse NoHandler(RestRequest request) =>
        new(400, JsonBodies.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("error", $"no handler found for uri [{request.Path}] and method [{request.Method}]");
            w.WriteEndObject();
        }));

    private RestResponse Root() => JsonBodies.Json(200, w =>
    {
        w.WriteStartObject();
        w.WriteString("name", "backfill-embedded");
        w.WriteString("cluster_name", "backfill");
        w.WriteString("cluster_uuid", _clusterUuid);
        w.WriteStartObject("version");
        w.WriteString("distribution", "opensearch");
        w.WriteString("number", EmbeddedOpenSearch.CompatibleVersion);
        w.WriteString("build_type", "embedded");
        w.WriteString("minimum_wire_compatibility_version", "7.10.0");
        w.WriteString("minimum_index_compatibility_version", "7.0.0");
        w.WriteEndObject();
        w.WriteString("tagline", "The OpenSearch Project: https://opensearch.org/");
        w.WriteEndObject();
    });

    // ---- bulk ----------------------------------------------------------------------------------------------------

    private async Task<RestResponse> BulkAsync(RestRequest request, string? index, bool inProcess, CancellationToken cancellationToken)
    {
        var faults = _faults.NextRequest();
        if (faults.Delay > TimeSpan.Zero) await Task.Delay(faults.Delay, cancellationToken).ConfigureAwait(false);
        if (faults.Fail503)
            return JsonBodies.Error(503, "unavailable_shards_exception", "[injected by the embedded endpoint fault options] primary shard is not active");
        if (faults.Reset && !faults.ResetAfterProcessing) return new RestResponse(0, []) { ResetConnection = true };

        var started = Stopwatch.GetTimestamp();
        var parameters = new BulkParameters(index, request.Param("pipeline"), request.Param("refresh"));
        RestResponse response;
        await _writeThreads.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (inProcess)
            {
                var sink = new ArrayBulkResultSink(EstimateItems(request.Body));
                _bulk.Execute(request.Body, parameters, sink, faults);
                response = new RestResponse(200, []) { Items = sink.Items };
            }
            else
            {
                using var sink = new JsonBulkResultSink(BulkResponseFilter.Parse(request.Param("filter_path")), EstimateItems(request.Body));
                _bulk.Execute(request.Body, parameters, sink, faults);
                response = new RestResponse(200, sink.ToResponse((long)Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            }
        }
        finally
        {
            _writeThreads.Release();
        }
        return faults.Reset ? new RestResponse(0, []) { ResetConnection = true } : response;
    }

    /// <summary>Items in a bulk body, assuming index actions (two lines each): sizes result buffers once.</summary>
    private static int EstimateItems(ReadOnlyMemory<byte> body) => Math.Max(16, body.Span.Count((byte)'\n') / 2);

    // ---- pipelines -----------------------------------------------------------------------------------------------

    private RestResponse PutPipeline(string id, ReadOnlyMemory<byte> body)
    {
        try
        {
            _pipelines.Put(id, body.ToArray());
            return JsonBodies.Acknowledged();
        }
        catch (IngestConfigurationException e)
        {
            return JsonBodies.Error(400, e.OpenSearchType, e.Message);
        }
        catch (JsonException e)
        {
            return JsonBodies.Error(400, "parse_exception", "request body or source parameter is required: " + e.Message);
        }
    }

    private RestResponse GetPipelines(string expression)
    {
        var patterns = expression.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var found = _pipelines.Matching(id => patterns.Any(p => IndexPattern.Matches(p, id))).ToList();
        if (found.Count == 0) return new RestResponse(404, "{}"u8.ToArray());
        return JsonBodies.Json(200, w =>
        {
            w.WriteStartObject();
            foreach (var (id, json) in found) JsonBodies.WriteRaw(w, id, json);
            w.WriteEndObject();
        });
    }

    private RestResponse DeletePipeline(string id) =>
        _pipelines.Delete(id) ? JsonBodies.Acknowledged() : JsonBodies.Error(404, "resource_not_found_exception", $"pipeline [{id}] is missing");

    private RestResponse Simulate(string? id, RestRequest request)
    {
        JsonDocument body;
        try { body = JsonDocument.Parse(request.Body); }
        catch (JsonException e) { return JsonBodies.Error(400, "parse_exception", "request body is required: " + e.Message); }
        using (body)
        {
            var root = body.RootElement;
            IngestPipeline pipeline;
            if (id is not null)
            {
                pipeline = _pipelines.Find(id) ?? throw new OpenSearchApiException(404, "resource_not_found_exception", $"pipeline [{id}] does not exist");
            }
            else
            {
                if (!root.TryGetProperty("pipeline", out var inline) || inline.ValueKind != JsonValueKind.Object)
                    return JsonBodies.Error(400, "parse_exception", "[pipeline] required property is missing");
                try { pipeline = IngestPipeline.Parse("_simulate_pipeline", Encoding.UTF8.GetBytes(inline.GetRawText())); }
                catch (IngestConfigurationException e) { return JsonBodies.Error(400, e.OpenSearchType, e.Message); }
            }
            if (!root.TryGetProperty("docs", out var docs) || docs.ValueKind != JsonValueKind.Array)
                return JsonBodies.Error(400, "parse_exception", "[docs] required property is missing");
            var verbose = request.Flag("verbose");
            return JsonBodies.Json(200, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("docs");
                foreach (var doc in docs.EnumerateArray()) SimulateOne(w, pipeline, doc, verbose);
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }
    }

    private static void SimulateOne(Utf8JsonWriter w, IngestPipeline pipeline, JsonElement doc, bool verbose)
    {
        var index = doc.TryGetProperty("_index", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : "_index";
        var id = doc.TryGetProperty("_id", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : "_id";
        if (!doc.TryGetProperty("_source", out var source) || source.ValueKind != JsonValueKind.Object)
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteStartArray("root_cause");
            JsonBodies.WriteCause(w, "illegal_argument_exception", "[_source] required property is missing");
            w.WriteEndArray();
            w.WriteString("type", "illegal_argument_exception");
            w.WriteString("reason", "[_source] required property is missing");
            w.WriteEndObject();
            w.WriteEndObject();
            return;
        }
        var document = new IngestDocument(index, id, (Dictionary<string, object?>)IngestDocumentJson.ToValue(source)!);
        if (verbose)
        {
            var trace = new List<ProcessorTrace>();
            pipeline.Execute(document, trace);
            w.WriteStartObject();
            w.WriteStartArray("processor_results");
            foreach (var step in trace)
            {
                w.WriteStartObject();
                w.WriteString("processor_type", step.ProcessorType);
                w.WriteString("status", step.StatusText);
                if (step.Tag is not null) w.WriteString("tag", step.Tag);
                if (step.ErrorType is not null)
                {
                    w.WriteStartObject("error");
                    w.WriteStartArray("root_cause");
                    JsonBodies.WriteCause(w, step.ErrorType, step.Reason ?? "");
                    w.WriteEndArray();
                    w.WriteString("type", step.ErrorType);
                    w.WriteString("reason", step.Reason ?? "");
                    w.WriteEndObject();
                }
                if (step.Document is not null)
                {
                    w.WritePropertyName("doc");
                    IngestDocumentJson.WriteSimulatedDocument(w, step.Document);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            return;
        }
        var outcome = pipeline.Execute(document);
        switch (outcome.Status)
        {
            case IngestStatus.Dropped:
                w.WriteNullValue();
                break;
            case IngestStatus.Failed:
                w.WriteStartObject();
                w.WriteStartObject("error");
                w.WriteStartArray("root_cause");
                JsonBodies.WriteCause(w, outcome.ErrorType ?? "exception", outcome.Reason ?? "");
                w.WriteEndArray();
                w.WriteString("type", outcome.ErrorType ?? "exception");
                w.WriteString("reason", outcome.Reason ?? "");
                w.WriteEndObject();
                w.WriteEndObject();
                break;
            default:
                w.WriteStartObject();
                w.WritePropertyName("doc");
                IngestDocumentJson.WriteSimulatedDocument(w, document);
                w.WriteEndObject();
                break;
        }
    }

    // ---- templates -----------------------------------------------------------------------------------------------

    private RestResponse PutTemplate(string name, ReadOnlyMemory<byte> body)
    {
        var problem = _templates.Put(name, body.ToArray());
        return problem is null ? JsonBodies.Acknowledged() : JsonBodies.Error(400, "action_request_validation_exception", problem);
    }

    private RestResponse GetTemplates(string? name)
    {
        var found = _templates.All.Where(t => name is null || name.Split(',').Any(p => IndexPattern.Matches(p, t.Name))).ToList();
        if (found.Count == 0 && name is not null)
            return JsonBodies.Error(404, "resource_not_found_exception", $"index template matching [{name}] not found");
        return JsonBodies.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("index_templates");
            foreach (var (templateName, json) in found)
            {
                w.WriteStartObject();
                w.WriteString("name", templateName);
                JsonBodies.WriteRaw(w, "index_template", json);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    // ---- documents, counts, indices ------------------------------------------------------------------------------

    private RestResponse GetDocument(string index, string id)
    {
        var log = _indices.Find(index) ?? throw OpenSearchApiException.IndexNotFound(index);
        if (!log.TryGet(Encoding.UTF8.GetBytes(id), out var document))
        {
            return JsonBodies.Json(404, w =>
            {
                w.WriteStartObject();
                w.WriteString("_index", index);
                w.WriteString("_id", id);
                w.WriteBoolean("found", false);
                w.WriteEndObject();
            });
        }
        return JsonBodies.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("_index", index);
            w.WriteString("_id", id);
            w.WriteNumber("_version", document.Version);
            w.WriteNumber("_seq_no", document.SeqNo);
            w.WriteNumber("_primary_term", 1);
            w.WriteBoolean("found", true);
            w.WritePropertyName("_source");
            w.WriteRawValue(document.Source, skipInputValidation: true);
            w.WriteEndObject();
        });
    }

    private List<IndexLog> Resolve(string expression)
    {
        var names = IndexPattern.Resolve(expression, _indices.All.Select(l => l.Name), out var missing);
        if (missing is not null) throw OpenSearchApiException.IndexNotFound(missing);
        return names.Select(n => _indices.Find(n)!).ToList();
    }

    private RestResponse Count(string expression, RestRequest request)
    {
        if (!request.Body.IsEmpty) CheckMatchAll(request.Body);
        var logs = Resolve(expression);
        var count = logs.Sum(l => l.Count);
        return JsonBodies.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("count", count);
            w.WriteStartObject("_shards");
            w.WriteNumber("total", logs.Count);
            w.WriteNumber("successful", logs.Count);
            w.WriteNumber("skipped", 0);
            w.WriteNumber("failed", 0);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>Counts are of whole indices: a query other than match_all is refused rather than ignored.</summary>
    private static void CheckMatchAll(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("query", out var query)) return;
            if (query.ValueKind == JsonValueKind.Object && query.EnumerateObject().All(p => p.Name == "match_all")) return;
        }
        catch (JsonException e)
        {
            throw new OpenSearchApiException(400, "parse_exception", "failed to parse the request body: " + e.Message);
        }
        throw new OpenSearchApiException(400, "illegal_argument_exception", "the embedded endpoint counts whole indices only (expected no query or match_all)");
    }

    private RestResponse CatIndices(string pattern, RestRequest request)
    {
        var names = IndexPattern.Resolve(pattern, _indices.All.Select(l => l.Name), out var missing);
        if (missing is not null) throw OpenSearchApiException.IndexNotFound(missing);
        var rows = names.Select(n => _indices.Find(n)!).Select(l => new[]
        {
            "green", "open", l.Name, l.Uuid, "1", "0",
            l.Count.ToString(CultureInfo.InvariantCulture), l.Deleted.ToString(CultureInfo.InvariantCulture), Size(l.SizeBytes), Size(l.SizeBytes),
        }).ToList();
        string[] headers = ["health", "status", "index", "uuid", "pri", "rep", "docs.count", "docs.deleted", "store.size", "pri.store.size"];
        if (request.Param("format") == "json")
        {
            return JsonBodies.Json(200, w =>
            {
                w.WriteStartArray();
                foreach (var row in rows)
                {
                    w.WriteStartObject();
                    for (var c = 0; c < headers.Length; c++) w.WriteString(headers[c], row[c]);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            });
        }
        var table = request.Flag("v") ? rows.Prepend(headers).ToList() : rows;
        var widths = headers.Select((_, c) => table.Count == 0 ? 0 : table.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in table) text.AppendJoin(' ', row.Select((cell, c) => cell.PadRight(widths[c]))).Append('\n');
        return new RestResponse(200, Encoding.UTF8.GetBytes(text.ToString()), "text/plain; charset=UTF-8");
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => bytes + "b",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + "kb",
        < 1024L * 1024 * 1024 => (bytes / 1048576.0).ToString("0.#", CultureInfo.InvariantCulture) + "mb",
        _ => (bytes / 1073741824.0).ToString("0.#", CultureInfo.InvariantCulture) + "gb",
    };

    private RestResponse Refresh(string expression)
    {
        var logs = Resolve(expression);
        foreach (var log in logs) log.Flush();
        return JsonBodies.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("_shards");
            w.WriteNumber("total", logs.Count);
            w.WriteNumber("successful", logs.Count);
            w.WriteNumber("failed", 0);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private RestResponse CreateIndex(string index)
    {
        if (IndexNames.Validate(index) is { } problem)
            return JsonBodies.Error(400, "invalid_index_name_exception", $"Invalid index name [{index}], {problem}", new Dictionary<string, string> { ["index"] = index });
        if (_indices.Find(index) is not null)
            return JsonBodies.Error(400, "resource_already_exists_exception", $"index [{index}/{_indices.Find(index)!.Uuid}] already exists", new Dictionary<string, string> { ["index"] = index });
        _indices.GetOrCreate(index);
        return JsonBodies.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("acknowledged", true);
            w.WriteBoolean("shards_acknowledged", true);
            w.WriteString("index", index);
            w.WriteEndObject();
        });
    }

    private RestResponse DeleteIndex(string expression)
    {
        foreach (var log in Resolve(expression)) _indices.Delete(log.Name);
        return JsonBodies.Acknowledged();
    }

    // ---- fault injection -----------------------------------------------------------------------------------------

    private RestResponse FaultsEndpoint(string method, ReadOnlyMemory<byte> body)
    {
        switch (method)
        {
            case "PUT" or "POST":
                try
                {
                    _faults.Options = JsonSerializer.Deserialize<FaultOptions>(body.Span, FaultOptions.Json) ?? FaultOptions.None;
                }
                catch (JsonException e)
                {
                    return JsonBodies.Error(400, "parse_exception", "expected fault options (reject429, reject400, fail503, reset, resetAfterProcessing, delayMs, seed): " + e.Message);
                }
                break;
            case "DELETE":
                _faults.Options = FaultOptions.None;
                break;
        }
        return JsonBodies.Json(200, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("options");
            JsonSerializer.Serialize(w, _faults.Options, FaultOptions.Json);
            w.WritePropertyName("stats");
            JsonSerializer.Serialize(w, _faults.Stats, FaultOptions.Json);
            w.WriteEndObject();
        });
    }
}
