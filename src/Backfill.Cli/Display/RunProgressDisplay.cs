using Backfill.Cli.Local;
using Spectre.Console;

namespace Backfill.Cli.Display;

/// <summary>
/// Live progress of a local run on stderr (sources downloaded, chunks sent of total, docs/s, retries, dead letters)
/// when stderr is a terminal; silent otherwise, so logs and CI output hold only the final summary.
/// </summary>
public static class RunProgressDisplay
{
    public static async Task<T> RunAsync<T>(CommandContext context, RunProgress progress, Func<Task<T>> work)
    {
        if (Console.IsErrorRedirected || !ReferenceEquals(context.Error, Console.Error)) return await work();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        await console.Live(new Markup(Line(progress))).AutoClear(true).StartAsync(async live =>
        {
            var running = work();
            while (!running.IsCompleted)
            {
                live.UpdateTarget(new Markup(Line(progress)));
                await Task.WhenAny(running, Task.Delay(250));
            }
            result = await running;
        });
        return result;
    }

    public static string Line(RunProgress p)
    {
        var seconds = Math.Max(0.001, (DateTimeOffset.UtcNow - p.Started).TotalSeconds);
        var chunks = p.ChunksPlanned > 0 ? $"{p.ChunksSent:N0}/{p.ChunksPlanned:N0}" : "planning";
        return Markup.Escape(
            $"sources {p.SourcesDone}/{p.SourcesTotal}  lines split {p.LinesSplit:N0}  chunks sent {chunks}" +
            $"{(p.ChunksFailed > 0 ? $" ({p.ChunksFailed} failed)" : "")}  docs {p.Indexed:N0} ({p.Indexed / seconds:N0}/s)" +
            $"  retries {p.Retried:N0}  dead letters {p.DeadLettered:N0}  {seconds:F0}s");
    }
}
