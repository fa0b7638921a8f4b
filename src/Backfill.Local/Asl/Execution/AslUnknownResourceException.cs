using Backfill.Core.Errors;

namespace Backfill.Local.Asl.Execution;

/// <summary>Some Task resources of a definition have no in-process handler (checked before an execution starts).</summary>
public sealed class AslUnknownResourceException(IReadOnlyList<string> problems)
    : BackfillException(problems.Count == 1
        ? problems[0]
        : $"{problems.Count} Task resources have no handler:" + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
