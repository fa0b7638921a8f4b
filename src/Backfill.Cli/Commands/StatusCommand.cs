using System.CommandLine;
using System.Globalization;
using Backfill.Aws.StepFunctions;
using Backfill.Cli.Aws;

namespace Backfill.Cli.Commands;

/// <summary>
/// `backfill status &lt;execution-arn&gt;`: status, chunks done/failed/total, documents indexed, dead letters and whether it
/// can be redriven. Exit code 0 while running or after success, 1 when the execution failed, timed out or was aborted.
/// </summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var execution = new Argument<string>("execution-arn") { Description = "The execution's ARN (printed by backfill start)" };
        var output = OutputFormat.CreateOption();
        var aws = new AwsCommandOptions();
        var command = new Command("status", "Show an AWS execution's progress: status, chunks done/failed/total, documents indexed, dead letters, redrive status.");
        command.Arguments.Add(execution);
        command.Options.Add(output);
        aws.AddTo(command);

        CommandAction.Set(command, async (parse, context, cancellationToken) =>
        {
            var arn = Arn.Parse(parse.GetValue(execution)!, "states", "execution", "execution ARN");
            var options = aws.Resolve(parse, arn.Region);
            using var client = AwsClients.StepFunctions(options);
            var overview = await ExecutionOverview.GatherAsync(client, arn.ToString(), options, cancellationToken);

            if (OutputFormat.IsJson(parse, output)) WriteJson(context.Out, overview);
            else WriteTable(context.Out, overview);
            return overview.Failed ? ExitCodes.Failed : ExitCodes.Success;
        });
        return command;
    }

    private static void WriteTable(TextWriter output, ExecutionOverview o)
    {
        var e = o.Execution;
        var table = new KeyValueTable()
            .Add("Execution", e.ExecutionArn)
            .Add("Status", e.Status)
            .Add("Error", e.Error is null ? null : e.Cause is null ? e.Error : $"{e.Error}: {e.Cause}")
            .Add("Started", Time(e.StartDate))
            .Add("Stopped", e.StopDate is { } stop ? Time(stop) : null)
            .Add("Redrive", Redrive(e));
        foreach (var run in o.MapRuns)
            table.Add("Map run " + run.Label, $"{run.Status}: {run.Items.Succeeded} succeeded, {run.Items.Failed + run.Items.TimedOut + run.Items.Aborted} failed, " +
                                              $"{run.Items.Running + run.Items.Pending} in progress, {run.Items.Total} items");
        if (o.Chunks is { } c)
            table.Add("Chunks", $"{N(c.Done)} done, {N(c.Failed)} failed{(c.InProgress > 0 ? $", {N(c.InProgress)} in progress" : "")}, {N(c.Total)} total");
        else
            table.Add("Chunks", "not planned yet");
        if (o.Report is { } r)
        {
            table.Add("Lines read", N(r.LinesRead)).Add("Indexed", N(r.Indexed)).Add("Dead letters", N(r.DeadLettered)).Add("Report", o.ReportLocation);
        }
        else
        {
            table.Add("Indexed", "not yet reported (Summarize writes report.json)");
            table.Add("Report", o.ReportProblem is null ? $"none yet at {o.ReportLocation ?? "the staging store"}" : "unreadable: " + o.ReportProblem);
        }
        if (o.FailedChunksLocation is not null)
            table.Add("Failed chunks", $"{o.FailedChunksLocation} (backfill rerun-failed {e.ExecutionArn})");
        table.WriteTo(output);
    }

    private static string? Redrive(DescribeExecutionResponse e)
    {
        if (e.RedriveStatus is null && e.RedriveCount is null or 0) return null;
        var text = e.RedriveStatus ?? "";
        if (e.RedriveStatusReason is not null) text += $" ({e.RedriveStatusReason})";
        if (e.RedriveCount is > 0) text += $"; redriven {e.RedriveCount} time(s), last at {Time(e.RedriveDate ?? default)}";
        return text.TrimStart(';', ' ');
    }

    private static void WriteJson(TextWriter output, ExecutionOverview o)
    {
        var e = o.Execution;
        JsonOutput.Write(output, new
        {
            executionArn = e.ExecutionArn,
            status = e.Status,
            error = e.Error,
            cause = e.Cause,
            startDate = e.StartDate,
            stopDate = e.StopDate,
            redriveStatus = e.RedriveStatus,
            redriveStatusReason = e.RedriveStatusReason,
            redriveCount = e.RedriveCount,
            chunks = o.Chunks is { } c ? new { done = c.Done, failed = c.Failed, inProgress = c.InProgress, total = c.Total } : null,
            documents = o.Report is { } r ? new { linesRead = r.LinesRead, indexed = r.Indexed, deadLettered = r.DeadLettered } : null,
            mapRuns = o.MapRuns.Select(m => new { label = m.Label, status = m.Status, items = m.Items }),
            report = o.ReportLocation,
            reportProblem = o.ReportProblem,
            failedChunks = o.FailedChunksLocation,
        });
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
