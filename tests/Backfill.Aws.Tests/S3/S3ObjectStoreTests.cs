using Amazon.S3;
using Backfill.Aws.S3;
using Backfill.Aws.Tests.Support;
using Backfill.Core.Storage;

namespace Backfill.Aws.Tests.S3;

/// <summary>The S3 store against a real S3-compatible server (s3rver).</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3ObjectStoreTests(S3rverFixture server)
{
    private const int FiveMiB = 5 * 1024 * 1024;

    private (S3ObjectStore Store, RecordingS3Client Recorder, AmazonS3Client Inner) NewStore(S3StoreOptions? options = null)
    {
        options ??= server.StoreOptions();
        var inner = S3ObjectStore.CreateClient(options);
        var (client, recorder) = RecordingS3Client.Wrap(inner);
        return (new S3ObjectStore(options, client), recorder, inner);
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Writes in uneven slices, as a splitter would, so part boundaries fall mid-write.</summary>
    private static async Task WriteInSlicesAsync(Stream writer, byte[] content)
    {
        var random = new Random(7);
        for (var offset = 0; offset < content.Length;)
        {
            var n = Math.Min(content.Length - offset, random.Next(1, 700_000));
            await writer.WriteAsync(content.AsMemory(offset, n));
            offset += n;
        }
    }

    [Fact]
    public async Task Multipart_upload_of_20_MB_reads_back_identical()
    {
        var options = server.StoreOptions() with { PartSize = FiveMiB, PartsInFlight = 2 };
        var (store, recorder, inner) = NewStore(options);
        using var _ = inner;
        var content = RandomBytes(4 * FiveMiB + 123_457, seed: 1);

        await using (var writer = await store.CreateAsync("chunks/big.log"))
        {
            await WriteInSlicesAsync(writer, content);
            await writer.CommitAsync();
        }

        Assert.Equal(1, recorder.Count("InitiateMultipartUpload"));
        Assert.Equal(5, recorder.Count("UploadPart"));
        Assert.Equal(1, recorder.Count("CompleteMultipartUpload"));
        Assert.Equal(0, recorder.Count("PutObject"));
        Assert.InRange(recorder.MaxConcurrentUploadParts, 1, 2);
        Assert.Equal(content, await store.ReadAllBytesAsync("chunks/big.log"));
        Assert.Equal(content.Length, (await store.GetInfoAsync("chunks/big.log"))!.Length);
    }

    [Fact]
    public async Task Writer_holds_at_most_parts_in_flight_plus_one_buffers_and_returns_them()
    {
        var options = server.StoreOptions() with { PartSize = FiveMiB, PartsInFlight = 2 };
        using var inner = S3ObjectStore.CreateClient(options);
        var pool = new CountingArrayPool();
        var store = new S3ObjectStore(options, inner, pool);
        var content = RandomBytes(6 * FiveMiB + 1, seed: 8);

        await using (var writer = await store.CreateAsync("bounded"))
        {
            await WriteInSlicesAsync(writer, content);
            await writer.CommitAsync();
        }
        await using (var abandoned = await store.CreateAsync("bounded-abandoned"))
            await WriteInSlicesAsync(abandoned, content.AsMemory(0, 3 * FiveMiB + 5).ToArray());

        Assert.InRange(pool.MaxOutstanding, 2, 3); // N in flight + the one being filled
        Assert.InRange(pool.MaxOutstandingBytes, 2L * FiveMiB, 3L * FiveMiB); // (N + 1) × part size
        Assert.Equal(0, pool.Outstanding);
        Assert.Equal(content, await store.ReadAllBytesAsync("bounded"));
    }

    [Fact]
    public async Task Bucket_stores_resolve_whole_keys_in_any_bucket()
    {
        using var stores = new S3BucketStores(server.ClientOptions);
        var key = "sources/" + Guid.NewGuid().ToString("N") + "/NASA_access_log_Jul95.gz";

        var store = stores.For(S3rverFixture.Bucket);
        await store.PutAsync(key, "gz"u8.ToArray());

        Assert.Same(store, stores.For(S3rverFixture.Bucket));
        Assert.Equal($"s3://{S3rverFixture.Bucket}/{key}", store.Describe(key));
        Assert.Equal("gz"u8.ToArray(), await stores.For(S3rverFixture.Bucket).ReadAllBytesAsync(key));
    }

    [Fact]
    public async Task Small_object_is_a_single_put()
    {
        var (store, recorder, inner) = NewStore();
        using var _ = inner;
        var content = "line 1\nline 2\n"u8.ToArray();

        await store.PutAsync("manifest.jsonl", content);

        Assert.Equal(1, recorder.Count("PutObject"));
        Assert.Equal(0, recorder.Count("InitiateMultipartUpload"));
        Assert.Equal(content, await store.ReadAllBytesAsync("manifest.jsonl"));
    }

    [Fact]
    public async Task Object_of_exactly_one_part_is_a_single_put_and_empty_object_works()
    {
        var options = server.StoreOptions() with { PartSize = FiveMiB };
        var (store, recorder, inner) = NewStore(options);
        using var _ = inner;
        var content = RandomBytes(FiveMiB, seed: 2);

        await using (var writer = await store.CreateAsync("exact"))
        {
            await WriteInSlicesAsync(writer, content);
            await writer.CommitAsync();
        }
        await store.PutAsync("empty", ReadOnlyMemory<byte>.Empty);

        Assert.Equal(0, recorder.Count("InitiateMultipartUpload"));
        Assert.Equal(content, await store.ReadAllBytesAsync("exact"));
        Assert.Equal(0, (await store.GetInfoAsync("empty"))!.Length);
        Assert.Empty(await store.ReadAllBytesAsync("empty"));
    }

    [Fact]
    public async Task Synchronous_writes_also_upload_in_parts()
    {
        var options = server.StoreOptions() with { PartSize = FiveMiB };
        var (store, recorder, inner) = NewStore(options);
        using var _ = inner;
        var content = RandomBytes(2 * FiveMiB + 10, seed: 3);

        await using (var writer = await store.CreateAsync("sync"))
        {
            for (var offset = 0; offset < content.Length; offset += 1_000_000)
                writer.Write(content, offset, Math.Min(1_000_000, content.Length - offset));
            await writer.CommitAsync();
        }

        Assert.Equal(3, recorder.Count("UploadPart"));
        Assert.Equal(content, await store.ReadAllBytesAsync("sync"));
    }

    [Fact]
    public async Task Ranged_read_starts_at_the_offset()
    {
        var (store, recorder, inner) = NewStore();
        using var _ = inner;
        var content = RandomBytes(300_000, seed: 4);
        await store.PutAsync("ranged", content);

        await using (var stream = await store.OpenReadAsync("ranged", 123_456))
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.Equal(content[123_456..], copy.ToArray());
        }
        await using (var atEnd = await store.OpenReadAsync("ranged", content.Length))
            Assert.Equal(-1, atEnd.ReadByte());
        await using (var pastEnd = await store.OpenReadAsync("ranged", content.Length + 10))
            Assert.Equal(-1, pastEnd.ReadByte());
        Assert.Equal(3, recorder.Count("GetObject"));
    }

    [Fact]
    public async Task Listing_pages_through_all_keys_in_key_order()
    {
        var options = server.StoreOptions() with { ListPageSize = 7 };
        var (store, recorder, inner) = NewStore(options);
        using var _ = inner;
        var keys = Enumerable.Range(0, 45).Select(i => $"run/chunk-{(i * 37) % 45:D5}.log")
            .Append("run/nested/manifest.jsonl").Append("runs/x").Append("other/y").ToList();
        // Not "run-x/…": S3 lists in UTF-8 byte order ("run-x/" before "run/"), but s3rver pages by walking its
        // folders ("run/" first) and drops keys that sort before its continuation key.
        foreach (var key in keys) await store.PutAsync(key, "x"u8.ToArray());

        var listed = new List<ObjectInfo>();
        await foreach (var info in store.ListAsync("run/")) listed.Add(info);

        var expected = keys.Where(k => k.StartsWith("run/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, listed.Select(i => i.Key));
        Assert.All(listed, i => Assert.Equal(1, i.Length));
        Assert.Equal(7, recorder.Count("ListObjectsV2")); // 46 keys, 7 per page

        var all = new List<string>();
        await foreach (var info in store.ListAsync("")) all.Add(info.Key);
        Assert.Equal(keys.Order(StringComparer.Ordinal), all);
    }

    [Fact]
    public async Task Rewriting_the_same_bytes_gives_the_same_object()
    {
        var options = server.StoreOptions() with { PartSize = FiveMiB };
        var (store, _, inner) = NewStore(options);
        using var __ = inner;
        var big = RandomBytes(FiveMiB + 99, seed: 5);
        var small = "same bytes\n"u8.ToArray();

        async Task<(ObjectInfo Big, ObjectInfo Small)> RunAsync()
        {
            await using (var writer = await store.CreateAsync("rerun/big"))
            {
                await WriteInSlicesAsync(writer, big);
                await writer.CommitAsync();
            }
            await store.PutAsync("rerun/small", small);
            return ((await store.GetInfoAsync("rerun/big"))!, (await store.GetInfoAsync("rerun/small"))!);
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first.Big.ETag, second.Big.ETag);
        Assert.Equal(first.Small.ETag, second.Small.ETag);
        Assert.Equal(big, await store.ReadAllBytesAsync("rerun/big"));
        Assert.Equal(small, await store.ReadAllBytesAsync("rerun/small"));
        var keys = new List<string>();
        await foreach (var info in store.ListAsync("rerun/")) keys.Add(info.Key);
        Assert.Equal(["rerun/big", "rerun/small"], keys);
    }

    [Fact]
    public async Task Disposing_without_commit_aborts_and_leaves_no_object()
    {
        var options = server.StoreOptions() with { PartSize = FiveMiB };
        var (store, recorder, inner) = NewStore(options);
        using var _ = inner;

        await using (var writer = await store.CreateAsync("abandoned/multipart"))
            await WriteInSlicesAsync(writer, RandomBytes(2 * FiveMiB + 1, seed: 6));
        await using (var writer = await store.CreateAsync("abandoned/small"))
            await writer.WriteAsync("never committed"u8.ToArray());
        using (var writer = await store.CreateAsync("abandoned/sync-dispose"))
            writer.Write(RandomBytes(FiveMiB + 1, seed: 7));

        Assert.Null(await store.GetInfoAsync("abandoned/multipart"));
        Assert.Null(await store.GetInfoAsync("abandoned/small"));
        Assert.Null(await store.GetInfoAsync("abandoned/sync-dispose"));
        Assert.Equal(2, recorder.Count("InitiateMultipartUpload"));
        Assert.Equal(2, recorder.Count("AbortMultipartUpload"));
        Assert.Equal(0, recorder.Count("CompleteMultipartUpload"));
        Assert.Equal(0, recorder.Count("PutObject"));
        // s3rver implements neither ListMultipartUploads nor the abort itself (it answers 204 and keeps the parts),
        // so check that the aborts named exactly the uploads s3rver started for these keys.
        var started = server.PendingUploads().Where(u => u.Key.StartsWith(options.Prefix, StringComparison.Ordinal)).ToList();
        var aborted = recorder.Invocations.Where(i => i.Operation == "AbortMultipartUpload")
            .Select(i => (Key: (string)i.Args[1]!, UploadId: (string)i.Args[2]!)).ToList();
        Assert.Equal(started.OrderBy(u => u.Key), aborted.OrderBy(u => u.Key));
        Assert.Equal([options.Prefix + "abandoned/multipart", options.Prefix + "abandoned/sync-dispose"], aborted.Select(a => a.Key).Order());
    }

    [Fact]
    public async Task Missing_objects_are_reported_as_not_found()
    {
        var (store, _, inner) = NewStore();
        using var __ = inner;

        var error = await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.OpenReadAsync("missing/key.log"));
        Assert.Equal(store.Describe("missing/key.log"), error.Location);
        Assert.StartsWith($"s3://{S3rverFixture.Bucket}/t-", error.Message);
        Assert.Contains("missing/key.log", error.Message);
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.OpenReadAsync("missing/key.log", 10));
        Assert.Null(await store.GetInfoAsync("missing/key.log"));
        await store.DeleteAsync("missing/key.log");
    }

    [Fact]
    public async Task Delete_removes_the_object()
    {
        var (store, _, inner) = NewStore();
        using var __ = inner;
        await store.PutAsync("to-delete", "x"u8.ToArray());

        await store.DeleteAsync("to-delete");

        Assert.Null(await store.GetInfoAsync("to-delete"));
    }

    [Fact]
    public async Task Missing_bucket_is_a_service_error_naming_the_bucket()
    {
        var options = new S3StoreOptions("no-such-bucket-here") { Client = server.ClientOptions };
        using var store = new S3ObjectStore(options);

        var error = await Assert.ThrowsAsync<S3StoreException>(() => store.PutAsync("k", "x"u8.ToArray()));
        Assert.Contains("no-such-bucket-here", error.Message);
        Assert.Contains("does not exist", error.Message);
        Assert.IsAssignableFrom<Backfill.Core.Errors.IServiceFailure>(error);
        Assert.DoesNotContain("S3RVER", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/absolute")]
    [InlineData("../escape")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    [InlineData("back\\slash")]
    [InlineData("control\u0001char")]
    public async Task Invalid_keys_are_rejected_before_any_request(string key)
    {
        var (store, recorder, inner) = NewStore();
        using var _ = inner;

        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => store.CreateAsync(key));
        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => store.OpenReadAsync(key));
        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => store.GetInfoAsync(key));
        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => store.DeleteAsync(key));
        if (key.Length > 0)
            await Assert.ThrowsAsync<InvalidObjectKeyException>(async () => { await foreach (var __ in store.ListAsync(key)) { } });
        Assert.Empty(recorder.Calls);
    }
}
