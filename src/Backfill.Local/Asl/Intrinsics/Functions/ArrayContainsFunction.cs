using System.Text.Json.Nodes;
using Backfill.Local.Asl.Json;

namespace Backfill.Local.Asl.Intrinsics.Functions;

/// <summary>States.ArrayContains(array, value): whether any element is structurally equal to value.</summary>
public sealed class ArrayContainsFunction : IntrinsicFunction
{
    public override string Name => "States.ArrayContains";
    public override int MinArguments => 2;
    public override int MaxArguments => 2;

    public override JsonNode? Invoke(IntrinsicArguments args)
    {
        var array = args.Array(0);
        var value = args[1];
        return JsonValue.Create(array.Any(item => JsonValues.DeepEquals(item, value)));
    }
}
