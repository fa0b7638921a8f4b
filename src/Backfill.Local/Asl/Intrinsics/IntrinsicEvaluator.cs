using System.Text.Json.Nodes;
using Backfill.Local.Asl.Json;

namespace Backfill.Local.Asl.Intrinsics;

/// <summary>Evaluates a parsed intrinsic call against a state's input and context object.</summary>
public static class IntrinsicEvaluator
{
    /// <exception cref="IntrinsicEvaluationException">an argument is missing or has the wrong type.</exception>
    public static JsonNode? Evaluate(IntrinsicCall call, Paths.IPathResolver paths, IntrinsicRuntime runtime)
    {
        var values = new List<JsonNode?>(call.Arguments.Count);
        foreach (var argument in call.Arguments)
        {
            switch (argument)
            {
                case LiteralArgument literal:
                    values.Add(JsonValues.Clone(literal.Value));
                    break;
                case PathArgument path:
                    if (!paths.TryResolve(path.Path, out var value, out var root))
                        throw new IntrinsicEvaluationException(
                            $"The JsonPath argument '{path.Path.Text}' of {call.Function.Name} could not be found in the input '{JsonValues.Preview(root)}'.");
                    values.Add(value);
                    break;
                case IntrinsicCall nested:
                    values.Add(Evaluate(nested, paths, runtime));
                    break;
            }
        }
        return JsonValues.Detach(call.Function.Invoke(new IntrinsicArguments(call, values, runtime)));
    }
}
