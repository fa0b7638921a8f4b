using System.Text.Json.Nodes;
using Backfill.Local.Asl.Model;

namespace Backfill.Local.Asl.Parsing;

/// <summary>
/// Checks a scope's transitions: every Next, Default and Catch target exists in the same scope, every state can
/// be reached from StartAt, and the scope has a state that ends it (End: true, Succeed or Fail).
/// </summary>
internal static class GraphValidator
{
    public static void Check(Fields scope, JsonObject rawStates, IReadOnlyDictionary<string, State> states, string? startAt)
    {
        var names = rawStates.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var state in states.Values)
        {
            foreach (var (field, target) in Targets(state))
            {
                if (!names.Contains(target))
                    scope.Context.Report(scope.At("States") + "/" + state.Name + "/" + field, state.Name, field,
                        $"names the state '{target}', which does not exist in this scope (states: {string.Join(", ", names)})");
            }
        }

        if (startAt is not null && states.ContainsKey(startAt))
        {
            var reached = new HashSet<string>(StringComparer.Ordinal) { startAt };
            var queue = new Queue<string>([startAt]);
            while (queue.Count > 0)
            {
                if (!states.TryGetValue(queue.Dequeue(), out var state)) continue;
                foreach (var (_, target) in Targets(state))
                    if (names.Contains(target) && reached.Add(target)) queue.Enqueue(target);
            }
            // Only judge reachability when every state parsed; otherwise edges may be missing.
            if (states.Count == rawStates.Count)
                foreach (var name in names.Where(n => !reached.Contains(n)))
                    scope.Context.Report(scope.At("States") + "/" + name, name, "(state)", $"is not reachable from StartAt '{startAt}' (no Next, Default, Choices or Catch leads to it)");
        }

        if (states.Count == rawStates.Count && states.Count > 0 && !states.Values.Any(IsTerminal))
            scope.Report("States", "has no terminal state: at least one state must have \"End\": true or be of type Succeed or Fail");
    }

    private static bool IsTerminal(State state) => state is SucceedState or FailState || state.End;

    private static IEnumerable<(string Field, string Target)> Targets(State state)
    {
        if (state.Next is not null) yield return ("Next", state.Next);
        if (state is ChoiceState choice)
        {
            for (var i = 0; i < choice.Choices.Count; i++)
                if (choice.Choices[i].Next is { } next) yield return ($"Choices/{i}/Next", next);
            if (choice.Default is not null) yield return ("Default", choice.Default);
        }
        if (state is RecoverableState recoverable)
            for (var i = 0; i < recoverable.Catch.Count; i++)
                yield return ($"Catch/{i}/Next", recoverable.Catch[i].Next);
    }
}
