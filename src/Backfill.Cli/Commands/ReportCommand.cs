using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Backfill.Cli.Display;
using Backfill.Core.Errors;
using Backfill.Core.Input;
using Backfill.Core.OpenSearch;
using Backfill.Core.Reporting;
using Backfill.Core.Reporting.Html;
using Backfill.Core.Staging;
using Backfill.Core.Storage;
using Backfill.Functions;
using Backfill.Functions.Handlers;
using Backfill.Local.Executions;
using Backfill.Local.OpenSearch;

namespace Backfill.Cli.Commands;

/// <summary>
/// `backfill report &lt;execution&gt; [--out FILE] [--open]`: the operator's page for a local execution — report.json
/// rendered as one self-contained HTML file (<see cref="RunReportHtml"/>) with the execution's status and the
/// requests per day read from the cluster. Written as report.html next to report.json in the staging store unless
/// --out names a file; the location is printed.
/// </summary>
public static class ReportCommand
{
    /// <summary>Opens a file in the desktop's browser; returns null on success or why it could not (tests replace it).</summary>
    public static Func<string, string?> Opener { get; set; } = OpenWithDesktop;

    public static Command Create()
    {
        var execution = new Argument<string>("execution") { Description = "Local execution name (see `backfill executions list`)" };
        var output = new Option<string?>("--out") { Description = "Write the page to this file instead of report.html beside report.json" };
        var open = new Option<bool>("--open") { Description = "Open the page in a browser (xdg-open) after writing it" };
        var executions = new Option<string>("--executions") { Description = "Where local executions are kept", DefaultValueFactory = _ => LocalExecutionStore.DefaultRoot };
        var data = new Option<string>("--opensearch-data") { Description = "The embedded OpenSearch data of the run (for requests per day)", DefaultValueFactory = _ => ".backfill/opensearch" };
        var command = new Command("report", "Write the run report of a local execution as one HTML page (totals, sources, chunks, throughput, dead-letter reasons, requests per day) and print where it is.");
        command.Arguments.Add(execution);
        foreach (var option in new Option[] { output, open, executions, data }) command.Options.Add(option);

        CommandAction.Set(command, async (parse, context, cancellationToken) =>
        {
            var name = parse.GetValue(execution)!;
            var executionStore = new LocalExecutionStore(parse.GetValue(executions)!);
            var summary = executionStore.GetSummary(name);
            var input = ParseStoredInput(executionStore, name);
            using var stores = new StagingStores();
            var staging = stores.Resolve(input.Staging);
            var layout = StagingLayout.For(input);
            var report = await RunSummarizer.ReadAsync(staging, layout, cancellationToken)
                ?? throw new BackfillException($"execution \"{name}\" has no report at {Where(staging, layout.Report)} ({summary.Status}{(summary.Error is null ? "" : ": " + summary.Error)}; Summarize writes it after the chunks are sent)");

            var (documents, note) = await ReadDocumentCountsAsync(input.OpenSearch, parse.GetValue(data)!, cancellationToken);
            var page = new RunReportPage
            {
                Report = report,
                Execution = summary.Name,
                Status = summary.Status,
                Started = summary.StartDate,
                Stopped = summary.StopDate,
                RedriveCount = summary.RedriveCount,
                Error = summary.Error,
                Cause = RunSummary.ReadableCause(summary.Cause),
                ReportLocation = Where(staging, layout.Report),
                OpenSearchEndpoint = input.OpenSearch.IsEmbedded ? "embedded" : HttpOpenSearchTransport.Redact(new Uri(input.OpenSearch.Endpoint)),
                Documents = documents,
                DocumentsNote = note,
            };
            var html = Encoding.UTF8.GetBytes(RunReportHtml.Render(page));

            string? local;
            if (parse.GetValue(output) is { } file)
            {
                local = Path.GetFullPath(file);
                try { await File.WriteAllBytesAsync(local, html, cancellationToken); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new BackfillException($"--out {file}: cannot be written ({e.Message})");
                }
                context.Out.WriteLine(local);
            }
            else
            {
                var key = layout.RunRoot + "report.html";
                await staging.PutAsync(key, html, cancellationToken);
                local = staging is LocalDirectoryObjectStore directory ? directory.PathFor(key) : null;
                context.Out.WriteLine(Where(staging, key));
            }

            if (parse.GetValue(open))
            {
                if (local is null)
                {
                    // A page in a bucket: open a local copy.
                    local = Path.Combine(Path.GetTempPath(), $"backfill-report-{input.RunId}.html");
                    await File.WriteAllBytesAsync(local, html, cancellationToken);
                }
                if (Opener(local) is { } problem) context.Error.WriteLine($"backfill: could not open the page: {problem}; open {local} in a browser");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static ExecutionInput ParseStoredInput(LocalExecutionStore store, string name)
    {
        var input = store.GetInput(name) ?? throw new BackfillException($"execution \"{name}\" has no input in {store.FolderOf(name)}");
        return ExecutionInputParser.Parse(JsonSerializer.SerializeToElement(input), Path.Combine(store.FolderOf(name), "input.json"), defaultRunId: name);
    }

    /// <summary>Documents per daily index: from the embedded endpoint's data, or GET _cat/indices from the cluster. Never fails the report.</summary>
    private static async Task<(DailyDocumentCounts?, string)> ReadDocumentCountsAsync(OpenSearchSettings settings, string embeddedData, CancellationToken cancellationToken)
    {
        if (settings.IsEmbedded)
        {
            if (!Directory.Exists(embeddedData))
                return (null, $"No embedded OpenSearch data at {Path.GetFullPath(embeddedData)} (give --opensearch-data as for backfill run).");
            try
            {
                // The store is one process's at a time (it holds the data directory's lock): a run or serve holding it is left alone.
                using var embedded = EmbeddedOpenSearch.Open(embeddedData);
                return (DailyDocumentCounts.From(embedded.Indices(), settings.IndexPrefix),
                    $"Documents per daily index {settings.IndexPrefix}yyyy-MM-dd in the embedded endpoint at {embedded.DataDirectory}, across all runs that wrote there.");
            }
            catch (Backfill.Local.OpenSearch.Storage.DataDirectoryInUseException)
            {
                return (null, $"The embedded OpenSearch data at {Path.GetFullPath(embeddedData)} is in use by another process (a backfill run or serve); run backfill report again when it has finished.");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or BackfillException)
            {
                return (null, $"The embedded OpenSearch data at {Path.GetFullPath(embeddedData)} could not be read: {e.Message}");
            }
        }

        var endpoint = HttpOpenSearchTransport.Redact(new Uri(settings.Endpoint));
        try
        {
            var transport = SendChunkHandler.DefaultTransports().Create(settings);
            var response = await transport.SendAsync(OpenSearchRequest.Get($"_cat/indices/{settings.IndexPrefix}*?format=json&h=index,docs.count"), cancellationToken);
            if (!response.IsSuccess)
                return (null, $"{endpoint} answered GET _cat/indices with {OpenSearchStatus.Describe(response.StatusCode)}, so requests per day are not shown.");
            return (DailyDocumentCounts.From(DailyDocumentCounts.ParseCatIndices(response.Body, $"GET _cat/indices from {endpoint}"), settings.IndexPrefix),
                $"Documents per daily index {settings.IndexPrefix}yyyy-MM-dd at {endpoint} (GET _cat/indices), across all runs that wrote there.");
        }
        catch (BackfillException e)
        {
            return (null, $"The indices at {endpoint} could not be read ({e.Message}), so requests per day are not shown.");
        }
    }

    private static string Where(IObjectStore store, string key) =>
        store is LocalDirectoryObjectStore directory ? directory.PathFor(key) : store.Describe(key);

    /// <summary>xdg-open on Linux, open on macOS, the shell on Windows.</summary>
    private static string? OpenWithDesktop(string path)
    {
        var (program, arguments) = OperatingSystem.IsWindows() ? ("explorer.exe", path)
            : OperatingSystem.IsMacOS() ? ("open", path)
            : ("xdg-open", path);
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program) { ArgumentList = { arguments }, UseShellExecute = false });
            return process is null ? $"{program} did not start" : null;
        }
        catch (Win32Exception)
        {
            return $"{program} is not available (on Linux it comes with xdg-utils)";
        }
    }
}
