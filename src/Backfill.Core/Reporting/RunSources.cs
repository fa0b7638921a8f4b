using System.Text.Json;
using Backfill.Core.Errors;
using Backfill.Core.Input;
using Backfill.Core.Sources;
using Backfill.Core.Staging;
using Backfill.Core.Storage;

namespace Backfill.Core.Reporting;

/// <summary>One source of the execution input as the report names it: its URL without credentials or signature.</summary>
public sealed record RunSource(string Name, string Url);

/// <summary>
/// The execution input's sources, in input order, at <c>{prefix}{runId}/sources.json</c>. PlanChunks writes it so that
/// Summarize lists every source in report.json, including one whose archive was empty (no chunks in the plan, and
/// nothing else in staging that carries its URL). Runs planned before this file existed have none: the report then
/// lists the sources found in the plan.
/// </summary>
public static class RunSources
{
    public static string Key(StagingLayout layout) => layout.RunRoot + "sources.json";

    public static IReadOnlyList<RunSource> From(IEnumerable<SourceSpec> sources) =>
        sources.Select(s => new RunSource(s.Name, DisplayUrl(s.Url))).ToList();

    public static Task WriteAsync(IObjectStore store, StagingLayout layout, IEnumerable<SourceSpec> sources, CancellationToken cancellationToken = default) =>
        store.PutAsync(Key(layout), JsonSerializer.SerializeToUtf8Bytes(From(sources), BackfillJson.Options), cancellationToken);

    /// <summary>The stored list, or null when the run has none.</summary>
    public static async Task<IReadOnlyList<RunSource>?> ReadAsync(IObjectStore store, StagingLayout layout, CancellationToken cancellationToken = default)
    {
        var key = Key(layout);
        if (await store.GetInfoAsync(key, cancellationToken).ConfigureAwait(false) is null) return null;
        var bytes = await store.ReadAllBytesAsync(key, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize<List<RunSource>>(bytes, BackfillJson.Options)
                ?? throw new BackfillException($"{store.Describe(key)}: expected a JSON array of {{\"name\", \"url\"}}, found null");
        }
        catch (JsonException e)
        {
            throw new BackfillException($"{store.Describe(key)}: not a list of sources (expected a JSON array of {{\"name\", \"url\"}}: {e.Message})");
        }
    }

    /// <summary>The same form the manifests carry (<see cref="SourceUrl.DisplayUrl"/>).</summary>
    private static string DisplayUrl(string url)
    {
        try
        {
            return SourceUrl.Parse(url).DisplayUrl;
        }
        catch (BackfillException)
        {
            return SourceUrl.Redact(url);
        }
    }
}
