using System.Collections.Concurrent;
using Backfill.Core.Ingest;

namespace Backfill.Local.OpenSearch.Ingest;

/// <summary>
/// Ingest pipelines by id, compiled once at <c>PUT</c> by the ingest engine and kept as the JSON they were given
/// (what <c>GET _ingest/pipeline/&lt;id&gt;</c> returns), persisted under <c>{data}/_pipelines/</c>.
/// </summary>
internal sealed class PipelineStore
{
    private readonly string _directory;
    private readonly ConcurrentDictionary<string, (IngestPipeline Pipeline, byte[] Json)> _pipelines = new(StringComparer.Ordinal);

    public PipelineStore(string dataDirectory)
    {
        _directory = Path.Combine(dataDirectory, "_pipelines");
        Directory.CreateDirectory(_directory);
        foreach (var file in Directory.EnumerateFiles(_directory, "*.json"))
        {
            var id = Uri.UnescapeDataString(Path.GetFileNameWithoutExtension(file));
            var json = File.ReadAllBytes(file);
            try { _pipelines[id] = (IngestPipeline.Parse(id, json), json); }
            catch (IngestConfigurationException) { /* stored by an older engine that accepted it; PUT it again */ }
        }
    }

    /// <summary>Compiles and stores a pipeline; throws <see cref="IngestConfigurationException"/> when the engine refuses it.</summary>
    public void Put(string id, byte[] json)
    {
        var pipeline = IngestPipeline.Parse(id, json);
        var path = Path.Combine(_directory, Uri.EscapeDataString(id) + ".json");
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, json);
        File.Move(temp, path, overwrite: true);
        _pipelines[id] = (pipeline, json);
    }

    public IngestPipeline? Find(string id) => _pipelines.TryGetValue(id, out var p) ? p.Pipeline : null;

    public IEnumerable<(string Id, byte[] Json)> Matching(Func<string, bool> matches) =>
        _pipelines.Where(p => matches(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value.Json));

    public bool Delete(string id)
    {
        if (!_pipelines.TryRemove(id, out _)) return false;
        File.Delete(Path.Combine(_directory, Uri.EscapeDataString(id) + ".json"));
        return true;
    }
}
