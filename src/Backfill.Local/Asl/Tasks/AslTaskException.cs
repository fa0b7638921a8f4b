namespace Backfill.Local.Asl.Tasks;

/// <summary>
/// Thrown by a handler to fail its task with an explicit Step Functions error name and cause (instead of the
/// exception's type name, which is what any other exception becomes, as in AWS Lambda).
/// </summary>
public class AslTaskException(string error, string? cause, Exception? inner = null)
    : Exception(cause ?? error, inner)
{
    public string Error { get; } = error;
    public string? Cause { get; } = cause;
}
