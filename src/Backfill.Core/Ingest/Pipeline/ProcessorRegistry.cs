using Backfill.Core.Ingest.Processors;

namespace Backfill.Core.Ingest.Pipeline;

/// <summary>The processor types backfill runs client-side, each with the factory that validates its configuration.</summary>
internal sealed class ProcessorRegistry
{
    private readonly Dictionary<string, Func<ProcessorConfig, IngestProcessor>> _factories;

    private ProcessorRegistry(Dictionary<string, Func<ProcessorConfig, IngestProcessor>> factories) => _factories = factories;

    public static ProcessorRegistry Default { get; } = new(new Dictionary<string, Func<ProcessorConfig, IngestProcessor>>(StringComparer.Ordinal)
    {
        ["append"] = AppendProcessor.Create,
        ["convert"] = ConvertProcessor.Create,
        ["date"] = DateProcessor.Create,
        ["date_index_name"] = DateIndexNameProcessor.Create,
        ["drop"] = DropProcessor.Create,
        ["fail"] = FailProcessor.Create,
        ["grok"] = GrokProcessor.Create,
        ["gsub"] = GsubProcessor.Create,
        ["lowercase"] = StringCaseProcessor.CreateLowercase,
        ["remove"] = RemoveProcessor.Create,
        ["rename"] = RenameProcessor.Create,
        ["set"] = SetProcessor.Create,
        ["split"] = SplitProcessor.Create,
        ["trim"] = StringCaseProcessor.CreateTrim,
        ["uppercase"] = StringCaseProcessor.CreateUppercase,
    });

    // Types OpenSearch knows that we do not run, so the error can say "not supported" rather than "unknown".
    private static readonly HashSet<string> KnownElsewhere = new(StringComparer.Ordinal)
    {
        "attachment", "bytes", "community_id", "copy", "csv", "dissect", "dot_expander", "fingerprint", "foreach",
        "geoip", "html_strip", "ip2geo", "join", "json", "kv", "pipeline", "remove_by_pattern", "script", "sort",
        "sparse_encoding", "text_embedding", "uri_parts", "urldecode", "user_agent",
    };

    public IEnumerable<string> Types => _factories.Keys.Order(StringComparer.Ordinal);

    public bool TryGetFactory(string type, out Func<ProcessorConfig, IngestProcessor> factory)
        => _factories.TryGetValue(type, out factory!);

    public bool IsKnownElsewhere(string type) => KnownElsewhere.Contains(type);
}
