namespace Backfill.Functions.Runtime;

/// <summary>Lambda refused the handler's result as too large (the Runtime API answered 413).</summary>
public sealed class FunctionResponseTooLargeException(string message) : Exception(message);
