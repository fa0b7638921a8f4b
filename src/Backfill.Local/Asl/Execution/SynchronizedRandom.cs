namespace Backfill.Local.Asl.Execution;

/// <summary>A Random that many iterations can share (System.Random instances are not thread-safe).</summary>
internal sealed class SynchronizedRandom(Random inner) : Random
{
    private readonly object _gate = new();

    public override int Next() { lock (_gate) return inner.Next(); }
    public override int Next(int maxValue) { lock (_gate) return inner.Next(maxValue); }
    public override int Next(int minValue, int maxValue) { lock (_gate) return inner.Next(minValue, maxValue); }
    public override long NextInt64() { lock (_gate) return inner.NextInt64(); }
    public override double NextDouble() { lock (_gate) return inner.NextDouble(); }
    public override void NextBytes(byte[] buffer) { lock (_gate) inner.NextBytes(buffer); }
    public override void NextBytes(Span<byte> buffer) { lock (_gate) inner.NextBytes(buffer); }
    protected override double Sample() { lock (_gate) return inner.NextDouble(); }
}
