using System.Text.Json.Nodes;

namespace Backfill.Local.Asl.Intrinsics.Functions;

/// <summary>States.ArrayRange(start, end, step): start, start+step, … up to and including end; at most 1000 items.</summary>
public sealed class ArrayRangeFunction : IntrinsicFunction
{
    private const int MaxItems = 1000;

    public override string Name => "States.ArrayRange";
    public override int MinArguments => 3;
    public override int MaxArguments => 3;

    public override JsonNode? Invoke(IntrinsicArguments args)
    {
        var start = args.Integer(0);
        var end = args.Integer(1);
        var step = args.Integer(2);
        if (step == 0) throw args.Mismatch(2, "a non-zero integer");
        var result = new JsonArray();
        for (var value = start; step > 0 ? value <= end : value >= end; value += step)
        {
            if (result.Count == MaxItems)
                throw Fail($"States.ArrayRange would produce more than {MaxItems} items.");
            result.Add(JsonValue.Create(value));
        }
        return result;
    }
}
