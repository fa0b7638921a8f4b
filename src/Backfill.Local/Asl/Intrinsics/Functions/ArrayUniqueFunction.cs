using System.Text.Json.Nodes;
using Backfill.Local.Asl.Json;

namespace Backfill.Local.Asl.Intrinsics.Functions;

/// <summary>States.ArrayUnique(array): the elements without later duplicates (structural equality), in order.</summary>
public sealed class ArrayUniqueFunction : IntrinsicFunction
{
    public override string Name => "States.ArrayUnique";
    public override int MinArguments => 1;
    public override int MaxArguments => 1;

    public override JsonNode? Invoke(IntrinsicArguments args)
    {
        var result = new JsonArray();
        foreach (var item in args.Array(0))
            if (!result.Any(kept => JsonValues.DeepEquals(kept, item))) result.Add(JsonValues.Clone(item));
        return result;
    }
}
