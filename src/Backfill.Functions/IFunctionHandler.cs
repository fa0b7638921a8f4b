using System.Text.Json.Nodes;

namespace Backfill.Functions;

/// <summary>
/// A Lambda function's logic as a plain class: JSON event in, JSON result out. The same instance runs under the
/// Lambda Runtime API bootstrap in AWS and in-process under the local ASL engine.
/// Throwing an exception fails the invocation; its type name becomes the Step Functions error name (as Lambda does).
/// </summary>
public interface IFunctionHandler
{
    /// <summary>The name `_HANDLER` and the state machine's substitutions use, e.g. "SendChunk".</summary>
    string Name { get; }

    Task<JsonNode?> HandleAsync(JsonNode? input, InvocationContext context, CancellationToken cancellationToken);
}

/// <summary>What the runtime knows about one invocation.</summary>
/// <param name="RequestId">Lambda request id (or a local id).</param>
/// <param name="Deadline">When the invocation will be killed; handlers that loop stop early and return a continuation.</param>
/// <param name="TraceId">X-Ray trace header, if any.</param>
public sealed record InvocationContext(string RequestId, DateTimeOffset? Deadline = null, string? TraceId = null)
{
    public static InvocationContext Local() => new(Guid.NewGuid().ToString());
}
