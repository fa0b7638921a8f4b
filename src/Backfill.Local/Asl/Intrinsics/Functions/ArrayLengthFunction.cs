using System.Text.Json.Nodes;

namespace Backfill.Local.Asl.Intrinsics.Functions;

/// <summary>States.ArrayLength(array): the number of elements.</summary>
public sealed class ArrayLengthFunction : IntrinsicFunction
{
    public override string Name => "States.ArrayLength";
    public override int MinArguments => 1;
    public override int MaxArguments => 1;

    public override JsonNode? Invoke(IntrinsicArguments args) => JsonValue.Create(args.Array(0).Count);
}
