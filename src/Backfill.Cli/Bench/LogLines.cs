namespace Backfill.Cli.Bench;

/// <summary>A trace in memory with the start and length of every line (terminators excluded).</summary>
internal sealed class LogLines
{
    public LogLines(byte[] bytes)
    {
        Bytes = bytes;
        var count = bytes.AsSpan().Count((byte)'\n') + 1;
        Starts = new int[count];
        Lengths = new int[count];
        var n = 0;
        var start = 0;
        while (start < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0) end = bytes.Length;
            Starts[n] = start;
            Lengths[n] = end > start && bytes[end - 1] == (byte)'\r' ? end - start - 1 : end - start;
            n++;
            start = end + 1;
        }
        Count = n;
    }

    public byte[] Bytes { get; }
    public int[] Starts { get; }
    public int[] Lengths { get; }
    public int Count { get; }

    public ReadOnlySpan<byte> Line(int i) => Bytes.AsSpan(Starts[i], Lengths[i]);

    /// <summary>Megabytes (10^6 bytes) of raw log, terminators included.</summary>
    public double Megabytes => Bytes.Length / 1e6;
}
