using System.Text.Json.Nodes;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Execution;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Paths;

namespace Backfill.Local.Asl.Model;

/// <summary>
/// A state of the machine, parsed once. Subclasses hold their fields and know how to run against a
/// <see cref="StateRun"/> (the environment of one entry into the state); they never mutate themselves.
/// </summary>
public abstract class State
{
    public required string Name { get; init; }
    public string? Comment { get; init; }
    public string? Next { get; init; }
    public bool End { get; init; }
    public PathField InputPath { get; init; }
    public PathField OutputPath { get; init; }

    /// <summary>The ASL type name ("Task", "Map", …).</summary>
    public abstract string Type { get; }

    internal string EnteredEventType => Type + "StateEntered";
    internal string ExitedEventType => Type + "StateExited";

    /// <summary>Nested scopes (Parallel branches, Map item processor).</summary>
    public virtual IEnumerable<StateScope> ChildScopes() => [];

    internal abstract Task<StateOutcome> ExecuteAsync(StateRun run, JsonNode? input, CancellationToken cancellationToken);

    /// <summary>InputPath: "$" passes the input, null gives {}, a path selects (a missing one is States.Runtime).</summary>
    internal JsonNode? ApplyInputPath(StateRun run, JsonNode? raw) => Select(InputPath, run, raw);

    internal JsonNode? ApplyOutputPath(StateRun run, JsonNode? output) => Select(OutputPath, run, output);

    private static JsonNode? Select(PathField field, StateRun run, JsonNode? value)
    {
        if (field.IsNull) return new JsonObject();
        if (field.Path is null || field.Path.IsRoot) return value;
        if (!run.TryEvaluate(field.Path, value, out var selected))
            throw AslFailure.Runtime(run.Site, $"Invalid path '{field.Path.Text}' : No results for path: {field.Path.ToBracketNotation()}");
        return JsonValues.Detach(selected);
    }

    public override string ToString() => $"{Type} state '{Name}'";
}
