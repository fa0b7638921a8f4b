using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Paths;
using Backfill.Local.Asl.Templates;

namespace Backfill.Local.Asl.Choice;

/// <summary>
/// <c>{"Variable": "$.x", "&lt;Operator&gt;": operand}</c>. As in AWS: a value of the wrong type makes the
/// comparison false (never an error), but a Variable or operand path that does not exist is a States.Runtime error
/// ("The choice state's condition path references an invalid value") — except for IsPresent, which tests exactly that.
/// </summary>
public sealed class ComparisonRule : ChoiceRule
{
    private readonly Regex? _pattern;

    public ComparisonRule(JsonPath variable, ChoiceOperator op, JsonNode? literal, JsonPath? operandPath)
    {
        Variable = variable;
        Operator = op;
        Literal = literal;
        OperandPath = operandPath;
        if (op.Kind == OperandKind.StringPattern && JsonValues.TryGetString(literal, out var pattern)) _pattern = WildcardPattern(pattern);
    }

    public JsonPath Variable { get; }
    public ChoiceOperator Operator { get; }
    public JsonNode? Literal { get; }
    public JsonPath? OperandPath { get; }

    public override bool Evaluate(EvaluationScope scope)
    {
        var found = scope.TryResolve(Variable, out var value);
        if (Operator.Comparison == Comparison.IsPresent) return found == IsTrue(Literal);
        if (!found) throw InvalidPath(scope, Variable);

        if (Operator.Kind == OperandKind.TypeTest)
        {
            var actual = Operator.Comparison switch
            {
                Comparison.IsNull => value is null,
                Comparison.IsNumeric => JsonValues.IsNumber(value),
                Comparison.IsString => JsonValues.IsString(value),
                Comparison.IsBoolean => JsonValues.IsBoolean(value),
                Comparison.IsTimestamp => JsonValues.TryGetString(value, out var s) && AslTimestamp.TryParse(s, out _),
                _ => false,
            };
            return actual == IsTrue(Literal);
        }

        var operand = Literal;
        if (OperandPath is not null && !scope.TryResolve(OperandPath, out operand))
            throw InvalidPath(scope, OperandPath);

        switch (Operator.Kind)
        {
            case OperandKind.StringPattern:
                return JsonValues.TryGetString(value, out var text) && _pattern!.IsMatch(text);
            case OperandKind.Boolean:
                return JsonValues.TryGetBoolean(value, out var a) && JsonValues.TryGetBoolean(operand, out var b) && a == b;
            case OperandKind.String:
                if (!JsonValues.TryGetString(value, out var left) || !JsonValues.TryGetString(operand, out var right)) return false;
                return Holds(string.CompareOrdinal(left, right));
            case OperandKind.Numeric:
                if (!JsonValues.IsNumber(value) || !JsonValues.IsNumber(operand)) return false;
                return Holds(JsonValues.CompareNumbers(value, operand));
            case OperandKind.Timestamp:
                if (!JsonValues.TryGetString(value, out var ls) || !AslTimestamp.TryParse(ls, out var lt)) return false;
                if (!JsonValues.TryGetString(operand, out var rs) || !AslTimestamp.TryParse(rs, out var rt)) return false;
                return Holds(lt.CompareTo(rt));
            default:
                return false;
        }
    }

    private bool Holds(int order) => Operator.Comparison switch
    {
        Comparison.Equals => order == 0,
        Comparison.LessThan => order < 0,
        Comparison.GreaterThan => order > 0,
        Comparison.LessThanEquals => order <= 0,
        Comparison.GreaterThanEquals => order >= 0,
        _ => false,
    };

    private static bool IsTrue(JsonNode? node) => JsonValues.TryGetBoolean(node, out var b) && b;

    private static AslFailure InvalidPath(EvaluationScope scope, JsonPath path) =>
        AslFailure.Runtime(scope.Site, $"Invalid path '{path.Text}': The choice state's condition path references an invalid value.");

    /// <summary>StringMatches: '*' matches any run of characters; '\*' and '\\' are a literal star and backslash.</summary>
    internal static Regex WildcardPattern(string pattern)
    {
        var builder = new System.Text.StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length && pattern[i + 1] is '*' or '\\')
            {
                builder.Append(Regex.Escape(pattern[++i].ToString()));
            }
            else if (c == '*')
            {
                builder.Append(".*");
            }
            else
            {
                builder.Append(Regex.Escape(c.ToString()));
            }
        }
        builder.Append('$');
        return new Regex(builder.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }
}
