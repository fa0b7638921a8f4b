using System.Text.Json.Nodes;
using Backfill.Local.Asl.Json;

namespace Backfill.Local.Asl.Intrinsics.Functions;

/// <summary>States.Array(a, b, …): an array of the arguments.</summary>
public sealed class ArrayFunction : IntrinsicFunction
{
    public override string Name => "States.Array";
    public override int MinArguments => 0;
    public override int MaxArguments => -1;

    public override JsonNode? Invoke(IntrinsicArguments args)
    {
        var array = new JsonArray();
        for (var i = 0; i < args.Count; i++) array.Add(JsonValues.Detach(args[i]));
        return array;
    }
}
