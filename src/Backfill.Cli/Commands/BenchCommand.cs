using System.CommandLine;
using System.CommandLine.Parsing;
using Backfill.Cli.Bench;
using Backfill.Core.Errors;

namespace Backfill.Cli.Commands;

/// <summary>
/// `backfill bench`: generates Jul95- and Aug95-sized NASA-like data once and measures, side by side on this
/// machine, split against gzip -dc, grok + date, NDJSON building, one sender over HTTP, and the full local run
/// (wall time, CPU, peak RSS at 1× and 4×). Writes results.md, results.json and throughput.svg, prints the table.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Directory for results.md, results.json and throughput.svg", DefaultValueFactory = _ => "bench-results" };
        var data = new Option<string>("--data") { Description = "Directory where the generated archives are kept and reused", DefaultValueFactory = _ => ".backfill/bench-data" };
        var quick = new Option<bool>("--quick") { Description = "Small data (1/100 of Jul95/Aug95): checks every stage runs in seconds; figures only indicative" };
        var repeat = new Option<int>("--repeat") { Description = "Measure each figure N times and report the median with the range", DefaultValueFactory = _ => 1 };
        var run4x = new Option<bool>("--run-4x") { Description = "Also run the whole backfill on Jul95 × 4 (peak RSS of the full run at 4× input; takes minutes)" };
        var only = new Option<string[]>("--only") { Description = "Measure only these groups: split, stages, sender, run (default: all)", AllowMultipleArgumentsPerToken = true };
        var command = new Command("bench", "Measure split, ingest, NDJSON, sender and full-run throughput on generated Jul95/Aug95-sized data, against gzip -dc.");
        foreach (var option in new Option[] { output, data, quick, repeat, run4x, only }) command.Options.Add(option);
        CommandAction.Set(command, async (parse, context, cancellationToken) =>
        {
            var times = parse.GetValue(repeat);
            if (times is < 1 or > 20) throw new BackfillException($"--repeat {times}: expected a whole number from 1 to 20");
            var groups = (parse.GetValue(only) ?? []).SelectMany(g => g.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var unknown = groups.FirstOrDefault(g => !BenchOptions.Groups.Contains(g, StringComparer.OrdinalIgnoreCase));
            if (unknown is not null) throw new BackfillException($"--only {unknown}: expected one of {string.Join(", ", BenchOptions.Groups)}");
            var options = new BenchOptions
            {
                OutputDirectory = Path.GetFullPath(parse.GetValue(output)!),
                DataDirectory = Path.GetFullPath(parse.GetValue(data)!),
                Quick = parse.GetValue(quick),
                Repeat = times,
                RunAt4x = parse.GetValue(run4x),
                Only = groups.Select(g => g.ToLowerInvariant()).ToHashSet(),
                CommandLine = ChildProcess.Describe("backfill bench", parse.Tokens.Where(t => t.Type != TokenType.Command).Select(t => t.Value)),
            };
            var results = await new BenchRunner(options, context.Error).RunAsync(cancellationToken);
            var markdown = BenchReport.Write(results, options.OutputDirectory);
            context.Out.Write(markdown);
            context.Out.WriteLine();
            context.Out.WriteLine($"wrote {Path.Combine(options.OutputDirectory, BenchReport.MarkdownFile)}, {BenchReport.JsonFile} and {BenchReport.ChartFile}");
            return ExitCodes.Success;
        });
        return command;
    }
}
