using Backfill.Core.Errors;

namespace Backfill.Functions.Runtime;

/// <summary>_HANDLER is missing or names no Backfill function: reported as the init error, and the runtime exits.</summary>
public sealed class UnknownHandlerException(string message) : BackfillException(message);
