using Backfill.Local.Asl.Parsing;

namespace Backfill.Local.Asl.Model;

/// <summary>
/// A validated state machine definition (JSONPath query language), parsed once into a tree of states; run it with
/// <see cref="Execution.AslEngine"/> as many times as needed.
/// </summary>
public sealed class StateMachine
{
    internal StateMachine(StateScope scope, string? comment, int? timeoutSeconds, string? version)
    {
        Scope = scope;
        Comment = comment;
        TimeoutSeconds = timeoutSeconds;
        Version = version;
    }

    public StateScope Scope { get; }
    public string? Comment { get; }
    public int? TimeoutSeconds { get; }
    public string? Version { get; }

    /// <summary>Every state, including those inside Parallel branches and Map processors.</summary>
    public IEnumerable<State> AllStates => Scope.Descendants();

    /// <summary>
    /// Parses and validates <paramref name="json"/>. With <paramref name="substitutions"/>, every <c>${Name}</c>
    /// placeholder is replaced first (CloudFormation DefinitionSubstitutions) and a missing one is an error.
    /// </summary>
    /// <exception cref="Errors.AslValidationException">listing every problem, each naming its state and field.</exception>
    public static StateMachine Parse(string json, IReadOnlyDictionary<string, string>? substitutions = null, string source = "definition") =>
        DefinitionParser.Parse(json, substitutions, source);
}
