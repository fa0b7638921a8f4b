using System.CommandLine;
using Backfill.Core.Errors;

namespace Backfill.Cli;

/// <summary>
/// Wraps a command's body so that operator mistakes print one clear line on stderr and a non-zero exit code,
/// never a stack trace. Unexpected exceptions still print their type and message (and the stack with BACKFILL_DEBUG=1).
/// </summary>
public static class CommandAction
{
    public static void Set(Command command, Func<ParseResult, CommandContext, CancellationToken, Task<int>> body)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            var context = new CommandContext(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            try
            {
                return await body(parse, context, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                context.Error.WriteLine("backfill: cancelled");
                return ExitCodes.Cancelled;
            }
            catch (BackfillException e)
            {
                context.Error.WriteLine($"backfill: error: {e.Message}");
                return e is Core.Errors.IServiceFailure ? ExitCodes.ServiceError : ExitCodes.UsageError;
            }
            catch (Exception e)
            {
                context.Error.WriteLine($"backfill: unexpected {e.GetType().Name}: {e.Message}");
                if (Environment.GetEnvironmentVariable("BACKFILL_DEBUG") == "1") context.Error.WriteLine(e);
                return ExitCodes.Failed;
            }
        });
    }
}

/// <summary>The writers a command prints to (tests capture them).</summary>
public sealed record CommandContext(TextWriter Out, TextWriter Error);
