using Backfill.Core.Splitting;
using Spectre.Console;

namespace Backfill.Cli.Display;

/// <summary>
/// A live progress bar for one split (downloaded bytes against the archive size, lines and chunks) when stderr is
/// a terminal; nothing when it is not, so logs and CI output stay clean.
/// </summary>
public static class SplitProgressDisplay
{
    public static async Task<T> RunAsync<T>(CommandContext context, string label, SplitProgress progress, Func<Task<T>> work)
    {
        if (Console.IsErrorRedirected || !ReferenceEquals(context.Error, Console.Error)) return await work();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(label), maxValue: 1);
                var running = work();
                while (!running.IsCompleted)
                {
                    var length = progress.SourceLength;
                    task.MaxValue = length ?? Math.Max(1, progress.CompressedBytes);
                    task.Value = progress.CompressedBytes;
                    task.Description = Markup.Escape($"{label}  {ByteSize.Format(progress.CompressedBytes)}  {progress.Lines:N0} lines  {progress.Chunks:N0} chunks");
                    await Task.WhenAny(running, Task.Delay(200));
                }
                result = await running;
                task.Value = task.MaxValue;
            });
        return result;
    }
}
