using Backfill.Local.Asl.Templates;

namespace Backfill.Local.Asl.Choice;

/// <summary>
/// A Choice rule: a comparison on a Variable, or And/Or/Not over nested rules. Only top-level rules carry
/// <see cref="Next"/>.
/// </summary>
public abstract class ChoiceRule
{
    public string? Next { get; init; }

    /// <exception cref="Errors.AslFailure">States.Runtime when a path the rule reads does not exist.</exception>
    public abstract bool Evaluate(EvaluationScope scope);
}

public sealed class AndRule(IReadOnlyList<ChoiceRule> rules) : ChoiceRule
{
    public IReadOnlyList<ChoiceRule> Rules { get; } = rules;
    public override bool Evaluate(EvaluationScope scope) => Rules.All(r => r.Evaluate(scope));
}

public sealed class OrRule(IReadOnlyList<ChoiceRule> rules) : ChoiceRule
{
    public IReadOnlyList<ChoiceRule> Rules { get; } = rules;
    public override bool Evaluate(EvaluationScope scope) => Rules.Any(r => r.Evaluate(scope));
}

public sealed class NotRule(ChoiceRule rule) : ChoiceRule
{
    public ChoiceRule Rule { get; } = rule;
    public override bool Evaluate(EvaluationScope scope) => !Rule.Evaluate(scope);
}
