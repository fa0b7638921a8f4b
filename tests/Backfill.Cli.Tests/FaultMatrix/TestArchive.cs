using System.IO.Compression;
using Backfill.Core.Samples;

namespace Backfill.Cli.Tests.FaultMatrix;

/// <summary>
/// An archive a fault test serves, with its lines as the pipeline must count them: split on LF, a final line
/// without LF counted, the terminator (LF or CRLF) not part of the line — what a dead letter's <c>raw</c> holds.
/// </summary>
internal sealed class TestArchive
{
    private TestArchive(string path, byte[] content)
    {
        Path = path;
        Content = content;
        Lines = SplitLines(content);
    }

    public string Path { get; }

    /// <summary>The uncompressed bytes.</summary>
    public byte[] Content { get; }

    /// <summary>Line n (1-based) is <c>Lines[n - 1]</c>, without its terminator.</summary>
    public IReadOnlyList<byte[]> Lines { get; }

    public long LineCount => Lines.Count;

    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>A NASA-like trace (with the generator's malformed and non-UTF-8 lines), gzip-compressed at <paramref name="path"/>.</summary>
    public static TestArchive Nasa(string path, NasaLogProfile profile)
    {
        using var content = new MemoryStream();
        NasaLikeLogGenerator.Write(content, profile);
        return Gzip(path, content.ToArray());
    }

    /// <summary>Gzips <paramref name="content"/> to <paramref name="path"/>.</summary>
    public static TestArchive Gzip(string path, byte[] content)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
            gzip.Write(content);
        return new TestArchive(path, content);
    }

    /// <summary>Lines joined with LF (the last one too), gzipped.</summary>
    public static TestArchive FromLines(string path, IEnumerable<byte[]> lines)
    {
        using var content = new MemoryStream();
        foreach (var line in lines)
        {
            content.Write(line);
            content.WriteByte((byte)'\n');
        }
        return Gzip(path, content.ToArray());
    }

    public byte[] GzipBytes() => File.ReadAllBytes(Path);

    private static List<byte[]> SplitLines(byte[] content)
    {
        var lines = new List<byte[]>();
        var span = content.AsSpan();
        while (!span.IsEmpty)
        {
            var end = span.IndexOf((byte)'\n');
            var line = end < 0 ? span : span[..end];
            if (end >= 0 && !line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
            lines.Add(line.ToArray());
            span = end < 0 ? default : span[(end + 1)..];
        }
        return lines;
    }
}
