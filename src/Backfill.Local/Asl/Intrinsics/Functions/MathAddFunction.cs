using System.Text.Json.Nodes;

namespace Backfill.Local.Asl.Intrinsics.Functions;

/// <summary>
/// States.MathAdd(a, b): the integer sum. Non-integer arguments are first rounded like Java's Math.round (halves
/// go up toward +∞: 1.5 → 2, -1.5 → -1, -2.5 → -2), which is what AWS returns. Values must lie in the int range.
/// </summary>
public sealed class MathAddFunction : IntrinsicFunction
{
    public override string Name => "States.MathAdd";
    public override int MinArguments => 2;
    public override int MaxArguments => 2;

    public override JsonNode? Invoke(IntrinsicArguments args)
    {
        var sum = Round(args, 0) + Round(args, 1);
        return JsonValue.Create(sum);
    }

    private static long Round(IntrinsicArguments args, int index)
    {
        var value = args.Number(index);
        if (value < int.MinValue || value > int.MaxValue) throw args.Mismatch(index, "a number between -2147483648 and 2147483647");
        return (long)Math.Floor(value + 0.5);
    }
}
