using System.Text.Json.Nodes;
using Backfill.Local.Asl.Json;

namespace Backfill.Local.Asl.Intrinsics.Functions;

/// <summary>States.ArrayPartition(array, size): chunks of at most size items; the last may be shorter.</summary>
public sealed class ArrayPartitionFunction : IntrinsicFunction
{
    public override string Name => "States.ArrayPartition";
    public override int MinArguments => 2;
    public override int MaxArguments => 2;

    public override JsonNode? Invoke(IntrinsicArguments args)
    {
        var array = args.Array(0);
        var size = args.Integer(1);
        if (size <= 0) throw args.Mismatch(1, "a positive integer");
        var result = new JsonArray();
        JsonArray? chunk = null;
        foreach (var item in array)
        {
            if (chunk is null || chunk.Count == size)
            {
                chunk = new JsonArray();
                result.Add(chunk);
            }
            chunk.Add(JsonValues.Clone(item));
        }
        return result;
    }
}
