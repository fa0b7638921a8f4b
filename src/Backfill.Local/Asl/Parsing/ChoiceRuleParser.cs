using System.Text.Json.Nodes;
using Backfill.Local.Asl.Choice;
using Backfill.Local.Asl.Json;

namespace Backfill.Local.Asl.Parsing;

/// <summary>
/// Parses a Choice rule: And/Or (non-empty arrays of rules), Not (one rule), or Variable plus exactly one
/// comparison operator whose operand has the operator's type (a path for the …Path forms). Only top-level rules
/// have Next, and they must.
/// </summary>
internal static class ChoiceRuleParser
{
    public static ChoiceRule? Parse(Fields fields, bool topLevel)
    {
        var next = fields.String("Next");
        if (topLevel && !fields.Has("Next")) fields.Context.Report(fields.Location, fields.State, "Next", "is missing: every top-level choice rule needs Next");
        if (!topLevel && fields.Has("Next")) fields.Report("Next", "is only allowed on top-level choice rules, not inside And, Or or Not");

        var known = new HashSet<string>(ChoiceOperator.All.Keys) { "Variable", "Next", "Comment", "And", "Or", "Not" };
        fields.CheckKnown(known, "a choice rule");

        var booleans = new[] { "And", "Or", "Not" }.Where(fields.Has).ToList();
        var operators = ChoiceOperator.All.Keys.Where(fields.Has).ToList();
        if (booleans.Count + operators.Count != 1)
        {
            fields.Context.Report(fields.Location, fields.State, "(choice rule)",
                booleans.Count + operators.Count == 0
                    ? "needs a comparison operator (e.g. StringEquals, NumericGreaterThanPath, IsPresent) or And, Or, Not"
                    : $"must have exactly one operator, but has {string.Join(", ", booleans.Concat(operators))}");
            return null;
        }

        if (booleans.Count == 1)
        {
            if (fields.Has("Variable")) fields.Report("Variable", $"cannot be used with {booleans[0]}");
            var op = booleans[0];
            if (op == "Not")
            {
                var inner = fields.ObjectField("Not");
                var rule = inner is null ? null : Parse(fields.Child(inner, fields.At("Not")), topLevel: false);
                return rule is null ? null : new NotRule(rule) { Next = next };
            }
            var array = fields.ArrayField(op);
            if (array is null) return null;
            if (array.Count == 0) fields.Report(op, "must contain at least one rule");
            var rules = new List<ChoiceRule>();
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is not JsonObject child)
                {
                    fields.Report(op, $"element {i} must be a JSON object (a choice rule)");
                    continue;
                }
                var rule = Parse(fields.Child(child, fields.At(op) + "/" + i), topLevel: false);
                if (rule is not null) rules.Add(rule);
            }
            return op == "And" ? new AndRule(rules) { Next = next } : new OrRule(rules) { Next = next };
        }

        var variable = fields.Path("Variable", reference: false, required: true);
        var choiceOperator = ChoiceOperator.All[operators[0]];
        var operand = fields.Raw(choiceOperator.Name);
        if (choiceOperator.IsPath)
        {
            var path = fields.Path(choiceOperator.Name, reference: false);
            return variable is null || path is null ? null : new ComparisonRule(variable, choiceOperator, null, path) { Next = next };
        }
        var valid = choiceOperator.Kind switch
        {
            OperandKind.String or OperandKind.StringPattern => JsonValues.IsString(operand),
            OperandKind.Numeric => JsonValues.IsNumber(operand),
            OperandKind.Boolean or OperandKind.TypeTest => JsonValues.IsBoolean(operand),
            OperandKind.Timestamp => JsonValues.TryGetString(operand, out var text) && AslTimestamp.TryParse(text, out _),
            _ => false,
        };
        if (!valid)
        {
            var expected = choiceOperator.Kind switch
            {
                OperandKind.String or OperandKind.StringPattern => "a string",
                OperandKind.Numeric => "a number",
                OperandKind.Timestamp => "an RFC 3339 timestamp string such as 2016-03-14T01:59:00Z",
                _ => "true or false",
            };
            fields.Report(choiceOperator.Name, $"must be {expected}, not {JsonValues.TypeName(operand)} {JsonValues.Preview(operand, 60)}");
            return null;
        }
        return variable is null ? null : new ComparisonRule(variable, choiceOperator, JsonValues.Clone(operand), null) { Next = next };
    }
}
