using System.CommandLine;
using System.Text.Json.Nodes;
using Backfill.Cli.Bench;
using Backfill.Cli.Display;
using Backfill.Core.Input;
using Backfill.Core.Sources;
using Backfill.Core.Splitting;
using Backfill.Core.Staging;
using Backfill.Functions;

namespace Backfill.Cli.Commands;

/// <summary>`backfill split`: run the DownloadAndSplit stage for one archive, locally, with progress.</summary>
public static class SplitCommand
{
    public static Command Create()
    {
        var source = new Option<string>("--source") { Description = "Archive URL: ftp://, http(s)://, s3://bucket/key, file:///path or a path", Required = true };
        var output = new Option<string>("--out") { Description = "Staging location: a local directory or s3://bucket/prefix", Required = true };
        var name = new Option<string?>("--name") { Description = "Source name used in chunk keys (default: the file name without extensions)" };
        var runId = new Option<string>("--run-id") { Description = "Run id used in chunk keys", DefaultValueFactory = _ => "split" };
        var chunkBytes = new Option<long>("--chunk-bytes") { Description = "Target chunk size in bytes", DefaultValueFactory = _ => StagingSettings.DefaultChunkBytes };
        var gzip = new Option<bool>("--gzip-chunks") { Description = "Store chunks gzip-compressed" };
        var credentials = new Option<string?>("--credentials") { Description = "user:password reference for the source: env:VARIABLE or file:PATH" };
        var endpoint = new Option<string?>("--endpoint-url") { Description = "S3-compatible endpoint for s3:// locations" };
        var command = new Command("split", "Download one archive and cut it into line-aligned chunks plus a manifest (the DownloadAndSplit stage).");
        var metrics = ProcessMetrics.CreateOption();
        foreach (var option in new Option[] { source, output, name, runId, chunkBytes, gzip, credentials, endpoint, metrics }) command.Options.Add(option);

        CommandAction.Set(command, (parse, context, cancellationToken) => ProcessMetrics.MeasureAsync(parse.GetValue(metrics), async () =>
        {
            var url = parse.GetValue(source)!;
            var staging = StagingLocation.Parse(parse.GetValue(output)!, "--out", parse.GetValue(endpoint));
            var sourceName = parse.GetValue(name) ?? DefaultName(url);
            // Validate the options with the execution input's own rules, so the messages match.
            var input = ExecutionInputParser.Parse(System.Text.Encoding.UTF8.GetBytes(new JsonObject
            {
                ["runId"] = parse.GetValue(runId),
                ["sources"] = new JsonArray(new JsonObject { ["name"] = sourceName, ["url"] = url, ["credentials"] = parse.GetValue(credentials) }),
                ["staging"] = staging.ToJson(parse.GetValue(chunkBytes), parse.GetValue(gzip)),
            }.ToJsonString()), "command line");
            var spec = input.Sources[0];
            using var stores = new StagingStores();
            var store = stores.Resolve(input.Staging);
            var splitter = new ArchiveSplitter(store, StagingLayout.For(input), input.Staging.ChunkBytes, input.Staging.ChunkCompression);
            var byteSource = stores.Sources(input.Staging).Create(spec.Url, spec.Credentials);
            var progress = new SplitProgress();
            var result = await SplitProgressDisplay.RunAsync(context, byteSource.DisplayUrl, progress,
                () => splitter.SplitAsync(spec.Name, byteSource, progress, cancellationToken));
            SplitSummary.Write(context, result, store.Describe(result.ManifestKey));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string DefaultName(string url)
    {
        var file = url.TrimEnd('/');
        file = file[(file.LastIndexOf('/') + 1)..];
        var dot = file.IndexOf('.');
        var stem = dot > 0 ? file[..dot] : file;
        var safe = new string(stem.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray()).Trim('-');
        return safe.Length == 0 ? "source" : safe[..Math.Min(64, safe.Length)];
    }
}
