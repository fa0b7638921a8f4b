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
        root.Subcommands.Add(ExecutionsCommand.Create());
        root.Subcommands.Add(PipelineCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(SamplesCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(SplitCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var config = new InvocationConfiguration();
        if (stdout is not null) config.Output = stdout;
        if (stderr is not null) config.Error = stderr;
        return await Build().Parse(args).InvokeAsync(config);
    }
}
