using System.IO.Compression;
using System.Security.Cryptography;
using Backfill.Core.Input;
using Backfill.Core.Samples;
using Backfill.Core.Sources;
using Backfill.Core.Splitting;
using Backfill.Core.Staging;
using Backfill.Core.Storage;
using Backfill.Tests.Shared;

namespace Backfill.Core.Tests.Splitting;

public class ArchiveSplitterTests
{
    private static ArchiveSplitter Splitter(IObjectStore store, long chunkBytes, ChunkCompression compression = ChunkCompression.None) =>
        new(store, new StagingLayout("backfill/", "run-1"), chunkBytes, compression);

    [Fact]
    public async Task Jul95_sized_archive_splits_into_exact_line_aligned_chunks_with_matching_manifest()
    {
        using var dir = new TempDirectory("jul95");
        var archive = NasaLikeLogGenerator.EnsureGzip(Path.Combine(Path.GetTempPath(), "backfill-data", "NASA_like_Jul95.gz"), NasaLogProfile.Jul95);
        var store = new LocalDirectoryObjectStore(dir.Combine("store"));

        var result = await Splitter(store, 8 * 1024 * 1024).SplitAsync("jul95", new FileByteSource(archive));

        var rows = ManifestJson.Parse(await store.ReadAllBytesAsync(result.ManifestKey), result.ManifestKey);
        Assert.Equal(result.Chunks, rows.Count);
        Assert.True(rows.Count > 20);
        Assert.Equal(NasaLogProfile.Jul95.Lines, result.Lines);
        Assert.Equal(result.Lines, rows.Sum(r => r.LineCount));

        // The chunks, concatenated in order, are exactly the decompressed archive.
        using var expected = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
        long firstLine = 1;
        foreach (var (row, i) in rows.Select((r, i) => (r, i)))
        {
            var chunk = await store.ReadAllBytesAsync(row.ChunkKey);
            Assert.Equal(row.ByteCount, chunk.Length);
            Assert.Equal(row.Sha256, Convert.ToHexStringLower(SHA256.HashData(chunk)));
            Assert.Equal(firstLine, row.FirstLine);
            Assert.Equal(i, row.ChunkIndex);
            if (i < rows.Count - 1) Assert.Equal((byte)'\n', chunk[^1]);
            var original = new byte[chunk.Length];
            expected.ReadExactly(original);
            Assert.True(original.AsSpan().SequenceEqual(chunk), $"chunk {i} differs from the archive's bytes");
            firstLine += row.LineCount;
        }
        Assert.Equal(0, expected.Read(new byte[1]));
        Assert.NotEqual((byte)'\n', (await store.ReadAllBytesAsync(rows[^1].ChunkKey))[^1]); // the generator truncates the last line
    }

    [Fact]
    public async Task Gzip_chunks_hold_the_same_bytes_and_hashes()
    {
        using var dir = new TempDirectory();
        var sample = NasaLikeLogGenerator.EnsureGzip(dir.Combine("sample.gz"), NasaLogProfile.Sample);
        var store = new LocalDirectoryObjectStore(dir.Combine("store"));

        var result = await Splitter(store, 16 * 1024, ChunkCompression.Gzip).SplitAsync("s", new FileByteSource(sample));

        var rows = ManifestJson.Parse(await store.ReadAllBytesAsync(result.ManifestKey), "manifest");
        Assert.All(rows, r => Assert.EndsWith(".log.gz", r.ChunkKey));
        Assert.All(rows, r => Assert.Equal("gzip", r.Compression));
        var whole = new MemoryStream();
        foreach (var row in rows)
        {
            await using var gz = new GZipStream(await store.OpenReadAsync(row.ChunkKey), CompressionMode.Decompress);
            var chunk = new MemoryStream();
            await gz.CopyToAsync(chunk);
            Assert.Equal(row.Sha256, Convert.ToHexStringLower(SHA256.HashData(chunk.ToArray())));
            whole.Write(chunk.ToArray());
        }
        using var original = new GZipStream(File.OpenRead(sample), CompressionMode.Decompress);
        var expected = new MemoryStream();
        await original.CopyToAsync(expected);
        Assert.Equal(expected.ToArray(), whole.ToArray());
    }

    [Fact]
    public async Task Rerunning_rewrites_the_same_keys_with_the_same_content_and_removes_stale_chunks()
    {
        using var dir = new TempDirectory();
        var sample = NasaLikeLogGenerator.EnsureGzip(dir.Combine("sample.gz"), NasaLogProfile.Sample);
        var store = new LocalDirectoryObjectStore(dir.Combine("store"));

        await Splitter(store, 4 * 1024).SplitAsync("s", new FileByteSource(sample));
        var first = await Snapshot(store);
        await Splitter(store, 4 * 1024).SplitAsync("s", new FileByteSource(sample));
        Assert.Equal(first, await Snapshot(store));

        // Bigger chunks: fewer keys, and the old extra chunks are gone.
        await Splitter(store, 64 * 1024).SplitAsync("s", new FileByteSource(sample));
        var after = await Snapshot(store);
        Assert.True(after.Count < first.Count);
        var manifest = ManifestJson.Parse(await store.ReadAllBytesAsync("backfill/run-1/manifests/s.jsonl"), "m");
        Assert.Equal(after.Keys.Where(k => k.Contains("/chunks/")).Order(), manifest.Select(r => r.ChunkKey).Order());
    }

    [Fact]
    public async Task An_empty_archive_gives_zero_chunks_and_a_valid_empty_manifest()
    {
        using var dir = new TempDirectory();
        var empty = dir.Combine("empty.log");
        await File.WriteAllBytesAsync(empty, []);
        var emptyGzip = dir.Combine("empty.gz");
        await using (var gz = new GZipStream(File.Create(emptyGzip), CompressionLevel.Optimal)) { }
        var store = new LocalDirectoryObjectStore(dir.Combine("store"));

        foreach (var (name, path) in new[] { ("plain", empty), ("gz", emptyGzip) })
        {
            var result = await Splitter(store, 1024).SplitAsync(name, new FileByteSource(path));
            Assert.Equal(0, result.Chunks);
            Assert.Equal(0, result.Lines);
            Assert.Empty(await store.ReadAllBytesAsync(result.ManifestKey));
            Assert.Empty(ManifestJson.Parse(await store.ReadAllBytesAsync(result.ManifestKey), "m"));
        }
    }

    [Fact]
    public async Task A_corrupt_archive_fails_naming_source_and_offset_and_publishes_no_manifest()
    {
        using var dir = new TempDirectory();
        var sample = NasaLikeLogGenerator.EnsureGzip(dir.Combine("sample.gz"), NasaLogProfile.Sample);
        var store = new LocalDirectoryObjectStore(dir.Combine("store"));
        await Splitter(store, 4096).SplitAsync("s", new FileByteSource(sample)); // an earlier good run's manifest
        var bytes = await File.ReadAllBytesAsync(sample);
        var truncated = dir.Combine("truncated.gz");
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);

        var error = await Assert.ThrowsAsync<Backfill.Core.Decompression.ArchiveCorruptException>(() => Splitter(store, 4096).SplitAsync("s", new FileByteSource(truncated)));

        Assert.Contains("source \"s\"", error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.Equal(bytes.Length / 2, error.CompressedOffset);
        Assert.Null(await store.GetInfoAsync("backfill/run-1/manifests/s.jsonl"));
    }

    private static async Task<Dictionary<string, string>> Snapshot(IObjectStore store)
    {
        var result = new Dictionary<string, string>();
        await foreach (var info in store.ListAsync("backfill/"))
            result[info.Key] = Convert.ToHexString(SHA256.HashData(await store.ReadAllBytesAsync(info.Key)));
        return result;
    }
}

public class ArchiveSplitterOverNetworkTests
{
    [Fact]
    public async Task Splitting_over_ftp_with_a_transfer_cut_midway_gives_the_same_chunks_as_the_file()
    {
        using var dir = new TempDirectory("ftp-split");
        var archive = NasaLikeLogGenerator.WriteGzip(dir.Combine("served", "nasa.gz"), NasaLogProfile.Sample.Scaled(20));
        await using var server = await FtpTestServer.StartAsync(dir.Combine("served"), "--cut-after", "200000");
        var layout = new StagingLayout("", "r");

        var viaFile = new LocalDirectoryObjectStore(dir.Combine("a"));
        var viaFtp = new LocalDirectoryObjectStore(dir.Combine("b"));
        await new ArchiveSplitter(viaFile, layout, 64 * 1024, ChunkCompression.None).SplitAsync("nasa", new FileByteSource(archive));
        var ftpResult = await new ArchiveSplitter(viaFtp, layout, 64 * 1024, ChunkCompression.None, new ResumeOptions { Delay = (_, _) => Task.CompletedTask })
            .SplitAsync("nasa", new SourceFactory().Create(server.Url("nasa.gz")));

        Assert.True(ftpResult.Resumes >= 1, "the server cut the transfer, so the download must have resumed");
        Assert.Contains(server.Commands, c => c.StartsWith("REST ") && c != "REST 0");
        var fileRows = ManifestJson.Parse(await viaFile.ReadAllBytesAsync(layout.Manifest("nasa")), "file manifest");
        var ftpRows = ManifestJson.Parse(await viaFtp.ReadAllBytesAsync(layout.Manifest("nasa")), "ftp manifest");
        Assert.Equal(fileRows.Select(r => (r.ChunkKey, r.Sha256, r.LineCount)), ftpRows.Select(r => (r.ChunkKey, r.Sha256, r.LineCount)));
    }
}
