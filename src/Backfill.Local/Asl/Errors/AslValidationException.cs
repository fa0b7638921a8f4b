using Backfill.Core.Errors;

namespace Backfill.Local.Asl.Errors;

/// <summary>A state machine definition was rejected before anything ran; lists every problem found.</summary>
public sealed class AslValidationException : BackfillException
{
    public AslValidationException(string source, IReadOnlyList<AslValidationError> errors)
        : base(Describe(source, errors))
    {
        DefinitionSource = source;
        Errors = errors;
    }

    public AslValidationException(string source, string problem)
        : this(source, [new AslValidationError("/", null, "(definition)", problem)]) { }

    /// <summary>Where the definition came from (file name or "definition").</summary>
    public string DefinitionSource { get; }
    public IReadOnlyList<AslValidationError> Errors { get; }

    private static string Describe(string source, IReadOnlyList<AslValidationError> errors)
    {
        if (errors.Count == 1) return $"{source}: invalid state machine definition: {errors[0]}";
        return $"{source}: invalid state machine definition ({errors.Count} problems):" +
               string.Concat(errors.Select(e => Environment.NewLine + "  - " + e));
    }
}
