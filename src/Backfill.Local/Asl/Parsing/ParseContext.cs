using Backfill.Local.Asl.Errors;

namespace Backfill.Local.Asl.Parsing;

/// <summary>Collects validation problems while a definition is parsed, and the state names seen so far.</summary>
internal sealed class ParseContext
{
    public List<AslValidationError> Errors { get; } = [];

    /// <summary>State name → where it was first defined (names must be unique in the whole machine).</summary>
    public Dictionary<string, string> StateNames { get; } = new(StringComparer.Ordinal);

    public void Report(string location, string? state, string field, string problem) =>
        Errors.Add(new AslValidationError(location, state, field, problem));
}
