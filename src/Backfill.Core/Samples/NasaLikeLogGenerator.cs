using System.Buffers.Text;
using System.IO.Compression;

namespace Backfill.Core.Samples;

/// <summary>
/// Writes deterministic Common Log Format traces with the NASA-HTTP quirks our pipeline must survive: -0400
/// offsets, '-' for bytes, requests without a protocol, malformed requests, a few non-UTF-8 bytes and (optionally)
/// a truncated last line. Same profile, same bytes, on every machine: the generator uses its own PRNG.
/// </summary>
public static class NasaLikeLogGenerator
{
    // Shapes seen in the real traces: dial-up and campus hosts, bare IPs, and the most requested paths.
    private static readonly byte[][] HostStems = Utf8(
        "piweba3y.prodigy.com", "piweba4y.prodigy.com", "alyssa.prodigy.com", "siltb10.orl.mmc.com",
        "www-c4.proxy.aol.com", "www-d1.proxy.aol.com", "news.ti.com", "edams.ksc.nasa.gov", "port26.annex2.nwlink.com",
        "ix-orl2-01.ix.netcom.com", "slip1.yab.com", "burger.letters.com", "uplherc.upl.com", "gayle-gaston.tenet.edu",
        "dd15-062.compuserve.com", "205.212.115.106", "199.72.81.55", "129.94.144.152", "163.206.89.4", "128.159.146.92");
    private static readonly byte[][] Paths = Utf8(
        "/images/NASA-logosmall.gif", "/images/KSC-logosmall.gif", "/shuttle/countdown/", "/shuttle/countdown/count.gif",
        "/images/MOSAIC-logosmall.gif", "/images/USA-logosmall.gif", "/images/WORLD-logosmall.gif", "/ksc.html",
        "/history/apollo/", "/history/apollo/apollo-13/apollo-13.html", "/shuttle/missions/sts-71/mission-sts-71.html",
        "/shuttle/missions/sts-70/images/KSC-95EC-0911.jpg", "/shuttle/technology/sts-newsref/stsref-toc.html",
        "/facilities/lc39a.html", "/shuttle/missions/missions.html", "/cgi-bin/imagemap/countdown?99,176",
        "/htbin/cdt_main.pl", "/software/winvn/winvn.html", "/elv/elvpage.htm", "/images/launch-logo.gif");
    private static readonly byte[][] Months = Utf8("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");

    /// <summary>Writes the uncompressed trace to <paramref name="output"/>.</summary>
    public static void Write(Stream output, NasaLogProfile profile)
    {
        var random = new SplitMix64(profile.Seed);
        var buffer = new byte[1 << 16];
        var used = 0;
        var start = new DateTime(profile.Year, profile.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var monthSeconds = (long)(start.AddMonths(1) - start).TotalSeconds;
        Span<byte> line = stackalloc byte[512];
        for (long i = 0; i < profile.Lines; i++)
        {
            var length = FormatLine(line, i, profile.Lines, start, monthSeconds, ref random);
            var last = i == profile.Lines - 1;
            if (last && profile.TruncatedLastLine) length = Math.Max(1, length * 2 / 3); // cut mid-way, no newline
            if (used + length > buffer.Length)
            {
                output.Write(buffer, 0, used);
                used = 0;
            }
            line[..length].CopyTo(buffer.AsSpan(used));
            used += length;
        }
        output.Write(buffer, 0, used);
    }

    /// <summary>Writes the trace gzip-compressed to <paramref name="path"/>.</summary>
    public static string WriteGzip(string path, NasaLogProfile profile, CompressionLevel level = CompressionLevel.Optimal)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var gzip = new GZipStream(file, level);
        Write(gzip, profile);
        return path;
    }

    /// <summary>
    /// Returns <paramref name="path"/>, generating it first unless a complete copy of the same profile is already
    /// there (benchmarks and tests reuse the large files between runs).
    /// </summary>
    public static string EnsureGzip(string path, NasaLogProfile profile)
    {
        var marker = path + ".complete";
        if (File.Exists(path) && File.Exists(marker) && File.ReadAllText(marker) == Fingerprint(profile)) return path;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.Delete(marker);
        WriteGzip(path, profile);
        File.WriteAllText(marker, Fingerprint(profile));
        return path;
    }

    private static string Fingerprint(NasaLogProfile p) => $"{p.Name}|{p.Year}|{p.Month}|{p.Lines}|{p.Seed}|{p.TruncatedLastLine}|v1";

    private static int FormatLine(Span<byte> line, long i, long total, DateTime start, long monthSeconds, ref SplitMix64 random)
    {
        var n = 0;
        var r = random.Next();
        // Host: a stem, sometimes with a per-line numeric variation as dial-up pools have.
        var host = HostStems[(int)(r % (ulong)HostStems.Length)];
        if ((r >> 8) % 4 == 0 && host[0] is >= (byte)'a' and <= (byte)'z')
        {
            n += Write(line[n..], "ppp");
            n += Number(line[n..], (long)((r >> 16) % 200));
            line[n++] = (byte)'.';
        }
        host.CopyTo(line[n..]); n += host.Length;
        n += Write(line[n..], " - - [");
        // Timestamps increase through the month; several lines may share a second.
        var at = start.AddSeconds(i * monthSeconds / Math.Max(1, total));
        n += Pad2(line[n..], at.Day); line[n++] = (byte)'/';
        Months[at.Month - 1].CopyTo(line[n..]); n += 3; line[n++] = (byte)'/';
        n += Number(line[n..], at.Year); line[n++] = (byte)':';
        n += Pad2(line[n..], at.Hour); line[n++] = (byte)':';
        n += Pad2(line[n..], at.Minute); line[n++] = (byte)':';
        n += Pad2(line[n..], at.Second);
        n += Write(line[n..], " -0400] \"");

        var path = Paths[(int)((r >> 24) % (ulong)Paths.Length)];
        var quirk = (r >> 32) % 1000;
        if (quirk < 2)
        {
            // A request without a protocol, as many 1995 clients sent.
            n += Write(line[n..], "GET ");
            path.CopyTo(line[n..]); n += path.Length;
            line[n++] = (byte)'"';
        }
        else if (quirk < 3)
        {
            // A malformed request that COMMONAPACHELOG cannot parse.
            n += Write(line[n..], "GET /shuttle/missions/sts-71/mission-sts-71.html\" 200 -\" HTTP/1.0 garbage");
            line[n++] = (byte)'"';
        }
        else if (quirk < 4)
        {
            // Non-UTF-8 bytes (Latin-1 'é' and a stray 0xFF) in the path.
            n += Write(line[n..], "GET /pub/winvn/r");
            line[n++] = 0xE9;
            n += Write(line[n..], "adme");
            line[n++] = 0xFF;
            n += Write(line[n..], ".txt HTTP/1.0\"");
        }
        else
        {
            n += Write(line[n..], (r >> 42) % 50 == 0 ? "HEAD " : (r >> 42) % 97 == 1 ? "POST " : "GET ");
            path.CopyTo(line[n..]); n += path.Length;
            n += Write(line[n..], " HTTP/1.0\"");
        }

        var statusPick = (r >> 48) % 100;
        var status = statusPick < 89 ? 200 : statusPick < 96 ? 304 : statusPick < 98 ? 302 : statusPick < 99 ? 404 : 500;
        line[n++] = (byte)' ';
        n += Number(line[n..], status);
        line[n++] = (byte)' ';
        if (status is 304 or 404 || (r >> 56) % 64 == 0) line[n++] = (byte)'-';
        else n += Number(line[n..], (long)(random.Next() % 120_000));
        line[n++] = (byte)'\n';
        return n;
    }

    private static int Write(Span<byte> to, string ascii)
    {
        for (var i = 0; i < ascii.Length; i++) to[i] = (byte)ascii[i];
        return ascii.Length;
    }

    private static int Number(Span<byte> to, long value)
    {
        Utf8Formatter.TryFormat(value, to, out var written);
        return written;
    }

    private static int Pad2(Span<byte> to, int value)
    {
        to[0] = (byte)('0' + value / 10);
        to[1] = (byte)('0' + value % 10);
        return 2;
    }

    private static byte[][] Utf8(params string[] values) => values.Select(v => System.Text.Encoding.ASCII.GetBytes(v)).ToArray();

    /// <summary>SplitMix64: tiny, fast and fully specified, so output never depends on the runtime's Random.</summary>
    private struct SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
