namespace Backfill.Local.Asl.Choice;

/// <summary>What a comparison operator compares.</summary>
public enum OperandKind { String, Numeric, Boolean, Timestamp, StringPattern, TypeTest }

/// <summary>How the two sides are compared.</summary>
public enum Comparison { Equals, LessThan, GreaterThan, LessThanEquals, GreaterThanEquals, Matches, IsNull, IsPresent, IsNumeric, IsString, IsBoolean, IsTimestamp }

/// <summary>
/// One of the Choice comparison operators (StringEquals, NumericLessThanPath, IsPresent, …): the operand kind,
/// the comparison, and whether the right-hand side is a literal or a path (<c>…Path</c> forms).
/// </summary>
public sealed record ChoiceOperator(string Name, OperandKind Kind, Comparison Comparison, bool IsPath)
{
    public static IReadOnlyDictionary<string, ChoiceOperator> All { get; } = Build();

    private static Dictionary<string, ChoiceOperator> Build()
    {
        var all = new Dictionary<string, ChoiceOperator>(StringComparer.Ordinal);
        var orderings = new (string Suffix, Comparison Comparison)[]
        {
            ("Equals", Comparison.Equals), ("LessThan", Comparison.LessThan), ("GreaterThan", Comparison.GreaterThan),
            ("LessThanEquals", Comparison.LessThanEquals), ("GreaterThanEquals", Comparison.GreaterThanEquals),
        };
        foreach (var (prefix, kind) in new[] { ("String", OperandKind.String), ("Numeric", OperandKind.Numeric), ("Timestamp", OperandKind.Timestamp) })
        {
            foreach (var (suffix, comparison) in orderings)
            {
                Add(all, new ChoiceOperator(prefix + suffix, kind, comparison, false));
                Add(all, new ChoiceOperator(prefix + suffix + "Path", kind, comparison, true));
            }
        }
        Add(all, new ChoiceOperator("BooleanEquals", OperandKind.Boolean, Comparison.Equals, false));
        Add(all, new ChoiceOperator("BooleanEqualsPath", OperandKind.Boolean, Comparison.Equals, true));
        Add(all, new ChoiceOperator("StringMatches", OperandKind.StringPattern, Comparison.Matches, false));
        foreach (var test in new[] { Comparison.IsNull, Comparison.IsPresent, Comparison.IsNumeric, Comparison.IsString, Comparison.IsBoolean, Comparison.IsTimestamp })
            Add(all, new ChoiceOperator(test.ToString(), OperandKind.TypeTest, test, false));
        return all;
    }

    private static void Add(Dictionary<string, ChoiceOperator> all, ChoiceOperator op) => all.Add(op.Name, op);
}
