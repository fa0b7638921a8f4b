using Backfill.Core.Errors;

namespace Backfill.Core.Input;

/// <summary>The execution input has one or more problems; the message lists them all, one per line.</summary>
public sealed class InputValidationException(string document, IReadOnlyList<string> problems)
    : BackfillException($"{document} is not a valid execution input ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):\n  " + string.Join("\n  ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
    public override string ErrorType => "InvalidInput";
}
