using System.Text.Json.Nodes;
using Backfill.Local.Asl.Json;

namespace Backfill.Local.Asl.Intrinsics.Functions;

/// <summary>
/// States.JsonMerge(a, b, false): a shallow merge where b's top-level keys replace a's. Step Functions only
/// supports the shallow mode, so the flag must be false.
/// </summary>
public sealed class JsonMergeFunction : IntrinsicFunction
{
    public override string Name => "States.JsonMerge";
    public override int MinArguments => 3;
    public override int MaxArguments => 3;

    public override JsonNode? Invoke(IntrinsicArguments args)
    {
        var left = args.Object(0);
        var right = args.Object(1);
        if (args.Boolean(2)) throw Fail("States.JsonMerge supports only the shallow merge mode: its third argument must be false.");
        var result = (JsonObject)left.DeepClone();
        foreach (var (key, value) in right) result[key] = JsonValues.Clone(value);
        return result;
    }
}
