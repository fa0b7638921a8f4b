namespace Backfill.Functions.Runtime;

/// <summary>One event from the Runtime API's /invocation/next, with the headers that describe it.</summary>
/// <param name="RequestId">Lambda-Runtime-Aws-Request-Id.</param>
/// <param name="Deadline">Lambda-Runtime-Deadline-Ms: when Lambda will stop the function.</param>
/// <param name="FunctionArn">Lambda-Runtime-Invoked-Function-Arn.</param>
/// <param name="TraceId">Lambda-Runtime-Trace-Id (X-Ray), if tracing is on.</param>
/// <param name="Event">The event bytes (JSON).</param>
public sealed record RuntimeInvocation(string RequestId, DateTimeOffset Deadline, string? FunctionArn, string? TraceId, byte[] Event);
