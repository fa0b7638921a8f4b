using System.Text.Json.Nodes;

namespace Backfill.Local.Asl.Intrinsics.Functions;

/// <summary>
/// States.MathRandom(start, end[, seed]): an integer in [start, end). With a seed the value is reproducible; it is
/// drawn the way java.util.Random(seed).nextInt(end - start) does.
/// </summary>
public sealed class MathRandomFunction : IntrinsicFunction
{
    public override string Name => "States.MathRandom";
    public override int MinArguments => 2;
    public override int MaxArguments => 3;

    public override JsonNode? Invoke(IntrinsicArguments args)
    {
        var start = args.Integer(0);
        var end = args.Integer(1);
        if (end <= start) throw Fail($"States.MathRandom needs start < end, but got start {start} and end {end}.");
        if (end - start > int.MaxValue) throw Fail("States.MathRandom's range is larger than 2147483647.");
        var bound = (int)(end - start);
        var value = args.Count == 3 ? new JavaRandom(args.Integer(2)).NextInt(bound) : args.Runtime.Random.Next(bound);
        return JsonValue.Create(start + value);
    }
}

/// <summary>java.util.Random's linear congruential generator (for seeded MathRandom).</summary>
internal sealed class JavaRandom(long seed)
{
    private const long Multiplier = 0x5DEECE66DL;
    private const long Mask = (1L << 48) - 1;
    private long _seed = (seed ^ Multiplier) & Mask;

    private int Next(int bits)
    {
        _seed = unchecked(_seed * Multiplier + 0xBL) & Mask;
        return (int)((ulong)_seed >> (48 - bits));
    }

    public int NextInt(int bound)
    {
        var r = Next(31);
        var m = bound - 1;
        if ((bound & m) == 0) return (int)((bound * (long)r) >> 31);
        for (var u = r; u - (r = u % bound) + m < 0; u = Next(31)) { }
        return r;
    }
}
