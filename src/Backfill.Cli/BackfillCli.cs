using System.CommandLine;
using Backfill.Cli.Commands;

namespace Backfill.Cli;

/// <summary>Builds the `backfill` command tree. Each subcommand lives in its own file under Commands/.</summary>
public static class BackfillCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Backfill: load historical web-server logs into OpenSearch, on AWS Step Functions or locally.");
        // One line per command; keep alphabetical.
        root.Subcommands.Add(AslCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(DeployCommand.Create());
        root.Subcommands.Add(ExecutionsCommand.Create());
        root.Subcommands.Add(PackageCommand.Create());
        root.Subcommands.Add(PipelineCommand.Create());
        root.Subcommands.Add(RedriveCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(RerunFailedCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(SamplesCommand.Create());
        root.Subcommands.Add(ScheduleCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(SplitCommand.Create());
        root.Subcommands.Add(StartCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var config = new InvocationConfiguration();
        if (stdout is not null) config.Output = stdout;
        if (stderr is not null) config.Error = stderr;
        // No response files: `--input @FILE` means "read this JSON file", not "splice its words into the command line".
        var parser = new ParserConfiguration { ResponseFileTokenReplacer = null };
        return await Build().Parse(args, parser).InvokeAsync(config);
    }
}
