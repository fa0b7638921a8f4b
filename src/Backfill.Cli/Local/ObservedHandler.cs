using System.Text.Json.Nodes;
using Backfill.Functions;
using Backfill.Local.Asl.Tasks;

namespace Backfill.Cli.Local;

/// <summary>Runs a function handler as a local Task resource and tells the run's progress what it returned.</summary>
public static class ObservedHandler
{
    public static TaskHandler For(IFunctionHandler handler, RunProgress? progress) => async (input, invocation, cancellationToken) =>
    {
        try
        {
            var result = await handler.HandleAsync(input, new InvocationContext(invocation.RequestId, invocation.Deadline), cancellationToken).ConfigureAwait(false);
            progress?.OnResult(handler.Name, result);
            return result;
        }
        catch (Exception) when (progress is not null)
        {
            progress.OnFailure(handler.Name);
            throw;
        }
    };
}
