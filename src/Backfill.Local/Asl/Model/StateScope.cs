namespace Backfill.Local.Asl.Model;

/// <summary>
/// A set of states with a start: the machine's top level, a Parallel branch, or a Map's ItemProcessor. Next,
/// Default and Catch targets must stay inside their scope.
/// </summary>
public sealed class StateScope(string startAt, IReadOnlyDictionary<string, State> states)
{
    public string StartAt { get; } = startAt;
    public IReadOnlyDictionary<string, State> States { get; } = states;

    /// <summary>Every state in this scope and in nested scopes.</summary>
    public IEnumerable<State> Descendants()
    {
        foreach (var state in States.Values)
        {
            yield return state;
            foreach (var child in state.ChildScopes())
            foreach (var nested in child.Descendants())
                yield return nested;
        }
    }
}
