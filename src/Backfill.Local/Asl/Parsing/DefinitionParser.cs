using System.Text.Json;
using System.Text.Json.Nodes;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Model;

namespace Backfill.Local.Asl.Parsing;

/// <summary>
/// Turns definition text into a <see cref="StateMachine"/>, validating as it goes: unknown fields and state
/// types, field types and ranges, paths and intrinsic calls, transition targets, unreachable states and scopes
/// without an end. All problems are collected and thrown together in one <see cref="AslValidationException"/>.
/// </summary>
internal static class DefinitionParser
{
    private static readonly HashSet<string> TopLevelFields = ["Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage"];
    private static readonly HashSet<string> BranchFields = ["Comment", "StartAt", "States", "QueryLanguage"];

    public static StateMachine Parse(string json, IReadOnlyDictionary<string, string>? substitutions, string source)
    {
        if (substitutions is not null) json = DefinitionSubstitutions.Apply(json, substitutions, source);
        JsonNode? root;
        try
        {
            root = JsonValues.Parse(json);
        }
        catch (JsonException e)
        {
            throw new AslValidationException(source, $"is not valid JSON: {e.Message}");
        }
        if (root is not JsonObject obj) throw new AslValidationException(source, $"must be a JSON object, not {JsonValues.TypeName(root)}");

        var context = new ParseContext();
        var fields = new Fields(obj, "", null, context);
        fields.CheckKnown(TopLevelFields, "a state machine");
        CheckQueryLanguage(fields);
        var timeout = fields.Integer("TimeoutSeconds", 1, 99_999_999);
        var version = fields.String("Version");
        var comment = fields.String("Comment");
        var scope = ParseScope(fields, context);
        if (context.Errors.Count > 0 || scope is null) throw new AslValidationException(source, context.Errors);
        return new StateMachine(scope, comment, (int?)timeout, version);
    }

    internal static void CheckQueryLanguage(Fields fields)
    {
        var language = fields.String("QueryLanguage");
        if (language is not null and not "JSONPath")
            fields.Report("QueryLanguage", language == "JSONata"
                ? "JSONata is not supported by the local engine (only JSONPath)"
                : $"must be JSONPath, not '{language}'");
    }

    /// <summary>Parses StartAt + States (the top level, a branch or an item processor) and checks its graph.</summary>
    internal static StateScope? ParseScope(Fields fields, ParseContext context)
    {
        var startAt = fields.String("StartAt", required: true);
        var statesObject = fields.ObjectField("States", required: true);
        if (statesObject is null) return null;
        if (statesObject.Count == 0) fields.Report("States", "must contain at least one state");

        var states = new Dictionary<string, State>(StringComparer.Ordinal);
        foreach (var (name, node) in statesObject)
        {
            var location = fields.At("States") + "/" + name;
            if (name.Length is 0 or > 80) context.Report(location, name, "(state name)", "a state name must be 1 to 80 characters long");
            if (!context.StateNames.TryAdd(name, location))
                context.Report(location, name, "(state name)", $"is defined twice: state names must be unique in the whole state machine (also at {context.StateNames[name]})");
            if (node is not JsonObject stateObject)
            {
                context.Report(location, name, "(state)", $"must be a JSON object, not {JsonValues.TypeName(node)}");
                continue;
            }
            var state = StateParser.Parse(name, new Fields(stateObject, location, name, context));
            if (state is not null) states[name] = state;
        }
        if (startAt is not null && statesObject.Count > 0 && !statesObject.ContainsKey(startAt))
            fields.Report("StartAt", $"names the state '{startAt}', which does not exist here (states: {string.Join(", ", statesObject.Select(s => s.Key))})");
        GraphValidator.Check(fields, statesObject, states, startAt);
        return startAt is null ? null : new StateScope(startAt, states);
    }

    /// <summary>A Parallel branch or a legacy Iterator: StartAt and States only.</summary>
    internal static StateScope? ParseBranch(Fields owner, JsonObject branch, string location, string what)
    {
        var fields = owner.Child(branch, location);
        fields.CheckKnown(BranchFields, what);
        CheckQueryLanguage(fields);
        return ParseScope(fields, owner.Context);
    }
}
