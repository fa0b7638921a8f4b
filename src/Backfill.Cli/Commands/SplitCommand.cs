using System.CommandLine;

namespace Backfill.Cli.Commands;

public static class SplitCommand
{
    public static Command Create()
    {
        var command = new Command("split", "Download one archive and cut it into line-aligned chunks plus a manifest.");
        command.SetAction(_ => 0);
        return command;
    }
}
