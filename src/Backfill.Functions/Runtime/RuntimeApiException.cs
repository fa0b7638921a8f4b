namespace Backfill.Functions.Runtime;

/// <summary>The Runtime API itself failed or answered unexpectedly; the runtime exits and Lambda starts a fresh one.</summary>
public sealed class RuntimeApiException(string message, Exception? inner = null) : Exception(message, inner);
