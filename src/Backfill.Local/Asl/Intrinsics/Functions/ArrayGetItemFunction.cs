using System.Text.Json.Nodes;
using Backfill.Local.Asl.Json;

namespace Backfill.Local.Asl.Intrinsics.Functions;

/// <summary>States.ArrayGetItem(array, index): the element at a zero-based index.</summary>
public sealed class ArrayGetItemFunction : IntrinsicFunction
{
    public override string Name => "States.ArrayGetItem";
    public override int MinArguments => 2;
    public override int MaxArguments => 2;

    public override JsonNode? Invoke(IntrinsicArguments args)
    {
        var array = args.Array(0);
        var index = args.Integer(1);
        if (index < 0 || index >= array.Count)
            throw Fail($"States.ArrayGetItem index {index} is out of bounds for an array of {array.Count} item(s).");
        return JsonValues.Clone(array[(int)index]);
    }
}
