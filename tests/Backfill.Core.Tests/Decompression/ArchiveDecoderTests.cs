using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Backfill.Core.Decompression;
using Backfill.Tests.Shared;
using ICSharpCode.SharpZipLib.BZip2;

namespace Backfill.Core.Tests.Decompression;

public class ArchiveDecoderTests
{
    private static readonly byte[] Text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line {i} GET /x HTTP/1.0 200 {i * 7}\n")));

    private static async Task<(ArchiveFormat Format, byte[] Bytes)> Decode(byte[] archive, string name = "test source")
    {
        using var decoded = await ArchiveDecoder.OpenAsync(new MemoryStream(archive), name);
        var output = new MemoryStream();
        await decoded.Stream.CopyToAsync(output);
        return (decoded.Format, output.ToArray());
    }

    private static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(data);
        return output.ToArray();
    }

    [Fact]
    public async Task Plain_text_passes_through()
    {
        var (format, bytes) = await Decode(Text);
        Assert.Equal(ArchiveFormat.Plain, format);
        Assert.Equal(Text, bytes);
    }

    [Fact]
    public async Task Gzip_is_detected_by_content_and_decoded()
    {
        var (format, bytes) = await Decode(Gzip(Text));
        Assert.Equal(ArchiveFormat.Gzip, format);
        Assert.Equal(Text, bytes);
    }

    [Fact]
    public async Task Multi_member_gzip_decodes_every_member_and_tolerates_zero_padding()
    {
        var half = Text.Length / 2;
        var archive = Gzip(Text[..half]).Concat(Gzip(Text[half..])).Concat(new byte[512]).ToArray();
        var (_, bytes) = await Decode(archive);
        Assert.Equal(Text, bytes);
    }

    [Fact]
    public async Task Truncated_gzip_fails_with_the_source_name_and_offset()
    {
        var archive = Gzip(Text);
        var cut = archive[..(archive.Length - 3)];
        var error = await Assert.ThrowsAsync<ArchiveCorruptException>(() => Decode(cut, "source \"jul95\""));
        Assert.Contains("source \"jul95\"", error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.Equal(cut.Length, error.CompressedOffset);
    }

    [Fact]
    public async Task Corrupt_gzip_fails_with_the_offset_of_the_damage()
    {
        var archive = Gzip(Text);
        archive[archive.Length / 2] ^= 0x5A;
        archive[archive.Length / 2 + 1] ^= 0xA5;
        var error = await Assert.ThrowsAsync<ArchiveCorruptException>(() => Decode(archive, "source \"x\""));
        Assert.Contains("corrupt gzip data", error.Message);
        Assert.InRange(error.CompressedOffset, 1, archive.Length);
    }

    [Fact]
    public async Task Garbage_after_a_gzip_member_is_an_error()
    {
        var archive = Gzip(Text).Concat("trailing junk"u8.ToArray()).ToArray();
        var error = await Assert.ThrowsAsync<ArchiveCorruptException>(() => Decode(archive));
        Assert.Contains("after the end of a gzip member", error.Message);
    }

    [Fact]
    public async Task Bzip2_is_detected_and_decoded()
    {
        var output = new MemoryStream();
        using (var bz = new BZip2OutputStream(output) { IsStreamOwner = false }) bz.Write(Text);
        var (format, bytes) = await Decode(output.ToArray());
        Assert.Equal(ArchiveFormat.Bzip2, format);
        Assert.Equal(Text, bytes);
    }

    [Fact]
    public async Task Truncated_bzip2_fails_cleanly()
    {
        var output = new MemoryStream();
        using (var bz = new BZip2OutputStream(output) { IsStreamOwner = false }) bz.Write(Text);
        var archive = output.ToArray();
        var error = await Assert.ThrowsAsync<ArchiveCorruptException>(() => Decode(archive[..(archive.Length / 2)], "source \"b\""));
        Assert.Contains("bzip2", error.Message);
    }

    [Fact]
    public async Task Unix_compress_Z_is_detected_and_decoded()
    {
        using var dir = new TempDirectory();
        var plain = dir.Combine("log");
        await File.WriteAllBytesAsync(plain, Text);
        RunCompress(plain);
        var (format, bytes) = await Decode(await File.ReadAllBytesAsync(plain + ".Z"));
        Assert.Equal(ArchiveFormat.UnixCompress, format);
        Assert.Equal(Text, bytes);
    }

    private static void RunCompress(string path)
    {
        const string advice = "the `compress` command is needed to make a .Z test archive: apt-get install ncompress";
        Process process;
        try { process = Process.Start(new ProcessStartInfo("compress", ["-f", path]) { RedirectStandardError = true })!; }
        catch (System.ComponentModel.Win32Exception) { Assert.Fail(advice); return; }
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"compress failed: {process.StandardError.ReadToEnd()}");
    }
}
