using System.Text.Json.Nodes;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Intrinsics;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Paths;

namespace Backfill.Local.Asl.Templates;

/// <summary>
/// The value of a <c>"key.$"</c> field (and of ErrorPath/CausePath): a JSONPath on the input, a <c>$$</c> path on
/// the context object, or an intrinsic function call — parsed once, evaluated per state entry.
/// </summary>
public sealed class DynamicValue
{
    private DynamicValue(string text, JsonPath? path, IntrinsicCall? call)
    {
        Text = text;
        Path = path;
        Call = call;
    }

    public string Text { get; }
    public JsonPath? Path { get; }
    public IntrinsicCall? Call { get; }

    /// <exception cref="FormatException">the text is neither a valid path nor a valid intrinsic call.</exception>
    public static DynamicValue Parse(string text)
    {
        if (text.StartsWith('$'))
        {
            try
            {
                return new DynamicValue(text, JsonPath.Parse(text), null);
            }
            catch (JsonPathSyntaxException e)
            {
                throw new FormatException(e.Message);
            }
        }
        if (IntrinsicParser.LooksLikeCall(text))
        {
            try
            {
                return new DynamicValue(text, null, IntrinsicParser.Parse(text));
            }
            catch (IntrinsicSyntaxException e)
            {
                throw new FormatException(e.Message);
            }
        }
        throw new FormatException($"'{text}' is neither a JSONPath (starting with '$') nor an intrinsic function (States.…)");
    }

    /// <summary>Evaluates; a missing definite path or a failing function is States.Runtime naming <paramref name="field"/>.</summary>
    public JsonNode? Evaluate(EvaluationScope scope, string field)
    {
        if (Path is not null)
        {
            if (!scope.TryResolve(Path, out var value, out var root))
                throw AslFailure.Runtime(scope.Site,
                    $"The JSONPath '{Path.Text}' specified for the field '{field}' could not be found in the input '{JsonValues.Preview(root, 1000)}'");
            return value;
        }
        try
        {
            return IntrinsicEvaluator.Evaluate(Call!, scope, scope.Runtime);
        }
        catch (IntrinsicEvaluationException e)
        {
            throw AslFailure.Runtime(scope.Site, $"The function '{Call!.Text}' specified for the field '{field}' failed: {e.Message}");
        }
    }

    public override string ToString() => Text;
}
