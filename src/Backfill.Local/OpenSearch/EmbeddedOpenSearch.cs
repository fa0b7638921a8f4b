using Backfill.Core.OpenSearch;
using Backfill.Local.OpenSearch.Faults;
using Backfill.Local.OpenSearch.Ingest;
using Backfill.Local.OpenSearch.Rest;
using Backfill.Local.OpenSearch.Storage;

namespace Backfill.Local.OpenSearch;

/// <summary>
/// An OpenSearch-compatible endpoint in this process: what <c>opensearch.endpoint: "embedded"</c> means in a local
/// run, and what <c>backfill serve</c> puts on HTTP (<see cref="Hosting.EmbeddedOpenSearchHost"/>). Documents are
/// stored durably under the data directory, one append-only log per index; pipelines run through the ingest engine
/// (date_index_name routing included). Counts are exact as soon as a bulk request returns (no refresh needed;
/// <c>refresh</c> is accepted). Memory per document is one 16-byte slot (id hash → log offset); sources stay on disk.
/// <para>Not an OpenSearch: no search, mappings, aliases, replicas or update actions. See OpenSearchRestApi for routes.</para>
/// </summary>
public sealed class EmbeddedOpenSearch : IDisposable
{
    /// <summary>The OpenSearch version whose API shapes the endpoint follows (reported by <c>GET /</c>).</summary>
    public const string CompatibleVersion = "2.17.0";

    private readonly IndexCatalog _indices;
    private readonly OpenSearchRestApi _api;
    private readonly Lazy<EmbeddedOpenSearchTransport> _transport;

    private EmbeddedOpenSearch(string dataDirectory, EmbeddedOpenSearchOptions options)
    {
        DataDirectory = dataDirectory;
        Options = options;
        _indices = new IndexCatalog(dataDirectory);
        try
        {
            Pipelines = new PipelineStore(dataDirectory);
            var templates = new TemplateStore(dataDirectory);
            Faults = new FaultInjector { Options = options.Faults };
            _api = new OpenSearchRestApi(_indices, Pipelines, templates, Faults, options, ClusterUuid(dataDirectory));
        }
        catch
        {
            _indices.Dispose(); // releases the data directory's lock now, not when the handle is finalised
            throw;
        }
        _transport = new Lazy<EmbeddedOpenSearchTransport>(() => new EmbeddedOpenSearchTransport(this));
    }

    /// <summary>Opens (or creates) the store in <paramref name="dataDirectory"/>; one process at a time.</summary>
    public static EmbeddedOpenSearch Open(string dataDirectory, EmbeddedOpenSearchOptions? options = null)
    {
        var full = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(full);
        return new EmbeddedOpenSearch(full, options ?? new EmbeddedOpenSearchOptions());
    }

    public string DataDirectory { get; }
    public EmbeddedOpenSearchOptions Options { get; }

    /// <summary>Fault injection for tests; replace <see cref="FaultInjector.Options"/> to start or stop a storm.</summary>
    public FaultInjector Faults { get; }

    internal PipelineStore Pipelines { get; }

    /// <summary>The in-process transport a local run hands to the sender for <c>endpoint: "embedded"</c>.</summary>
    public IOpenSearchTransport Transport => _transport.Value;

    /// <summary>Answers one REST call (the HTTP host and the in-process transport both come here).</summary>
    public Task<RestResponse> HandleAsync(RestRequest request, CancellationToken cancellationToken = default) =>
        _api.HandleAsync(request, inProcess: false, cancellationToken);

    internal Task<RestResponse> HandleInProcessAsync(RestRequest request, CancellationToken cancellationToken) =>
        _api.HandleAsync(request, inProcess: true, cancellationToken);

    /// <summary>Live documents in the indices matching <paramref name="expression"/> (e.g. "nasa-logs-*"); 0 when none match.</summary>
    public long Count(string expression = "*") =>
        IndexPattern.Resolve(expression, _indices.All.Select(l => l.Name), out _).Sum(n => _indices.Find(n)?.Count ?? 0);

    /// <summary>Index names with their document counts.</summary>
    public IReadOnlyList<(string Index, long Count)> Indices() => _indices.All.Select(l => (l.Name, l.Count)).ToList();

    private static string ClusterUuid(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "cluster_uuid");
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        var uuid = Guid.NewGuid().ToString("N")[..22];
        File.WriteAllText(path, uuid);
        return uuid;
    }

    public void Dispose() => _indices.Dispose();
}
