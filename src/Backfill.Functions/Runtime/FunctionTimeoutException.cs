namespace Backfill.Functions.Runtime;

/// <summary>
/// The handler was still running when the runtime cancelled it, shortly before Lambda's own timeout. Reported as the
/// invocation's error (errorType "FunctionTimeoutException") so Step Functions sees a named error instead of the
/// sandbox being killed mid-write.
/// </summary>
public sealed class FunctionTimeoutException(string message, Exception? inner = null) : Exception(message, inner);
