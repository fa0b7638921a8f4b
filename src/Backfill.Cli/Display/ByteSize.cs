namespace Backfill.Cli.Display;

public static class ByteSize
{
    public static string Format(double bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (1L << 30):F2} GiB",
        >= 1L << 20 => $"{bytes / (1L << 20):F1} MiB",
        >= 1L << 10 => $"{bytes / (1L << 10):F1} KiB",
        _ => $"{bytes:F0} B",
    };
}
