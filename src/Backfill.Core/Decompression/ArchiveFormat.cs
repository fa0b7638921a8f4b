namespace Backfill.Core.Decompression;

/// <summary>How an archive's bytes are encoded, as told by its first bytes (never by its file name).</summary>
public enum ArchiveFormat
{
    Plain,
    /// <summary>RFC 1952 gzip, possibly several members concatenated (as `cat a.gz b.gz` makes).</summary>
    Gzip,
    /// <summary>Unix compress (.Z): LZW.</summary>
    UnixCompress,
    Bzip2,
}

public static class ArchiveFormats
{
    /// <summary>Bytes needed to tell the formats apart.</summary>
    public const int MagicLength = 3;

    public static ArchiveFormat Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 2 && head[0] == 0x1F && head[1] == 0x8B) return ArchiveFormat.Gzip;
        if (head.Length >= 2 && head[0] == 0x1F && head[1] == 0x9D) return ArchiveFormat.UnixCompress;
        if (head.Length >= 3 && head[0] == (byte)'B' && head[1] == (byte)'Z' && head[2] == (byte)'h') return ArchiveFormat.Bzip2;
        return ArchiveFormat.Plain;
    }

    public static string Describe(ArchiveFormat format) => format switch
    {
        ArchiveFormat.Gzip => "gzip",
        ArchiveFormat.UnixCompress => "compress (.Z)",
        ArchiveFormat.Bzip2 => "bzip2",
        _ => "plain text",
    };
}
