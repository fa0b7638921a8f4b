using System.Text.Json.Nodes;

namespace Backfill.Local.Asl.Tasks;

/// <summary>
/// An in-process implementation of a Task resource (a Lambda function, a service integration…). It receives the
/// task's input (for <c>lambda:invoke</c>, the <c>Payload</c>) and returns the result; throwing fails the task
/// (see <see cref="AslTaskException"/> for choosing the error name). Honour the cancellation token: it fires on
/// TimeoutSeconds, a missed heartbeat, or when a sibling branch/iteration failed.
/// </summary>
public delegate Task<JsonNode?> TaskHandler(JsonNode? input, TaskInvocation invocation, CancellationToken cancellationToken);
