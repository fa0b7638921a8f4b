namespace Backfill.Core.Errors;

/// <summary>
/// An error caused by the operator's input or environment (bad input, unreachable source, corrupt archive).
/// The CLI prints <see cref="Exception.Message"/> without a stack trace and exits non-zero, so the message must
/// name the field, file or line at fault, what was expected and what was found. Never put secrets in it.
/// </summary>
public class BackfillException : Exception
{
    public BackfillException(string message) : base(message) { }
    public BackfillException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Short machine-readable error name, used as the Step Functions error name (e.g. "SourceCorrupt").</summary>
    public virtual string ErrorType => GetType().Name.Replace("Exception", "");
}
