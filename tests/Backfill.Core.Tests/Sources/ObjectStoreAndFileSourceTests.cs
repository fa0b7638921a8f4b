using Backfill.Core.Sources;
using Backfill.Core.Storage;
using Backfill.Tests.Shared;
using static Backfill.Core.Tests.Sources.SourceTestKit;

namespace Backfill.Core.Tests.Sources;

/// <summary>s3:// through a local-directory object store (the real S3 store is tested in Backfill.Aws), and local files.</summary>
public sealed class ObjectStoreAndFileSourceTests : IDisposable
{
    private readonly TempDirectory _temp = new("source-store");
    private readonly byte[] _bytes = RandomBytes(1_500_000, seed: 3);
    private readonly SourceFactory _factory;

    public ObjectStoreAndFileSourceTests()
    {
        _factory = new SourceFactory(new SourceFactoryOptions { ObjectStores = bucket => new LocalDirectoryObjectStore(_temp.Combine("buckets", bucket)) });
        Directory.CreateDirectory(_temp.Combine("buckets", "nasa-archive", "1995"));
        File.WriteAllBytes(_temp.Combine("buckets", "nasa-archive", "1995", "access_log_Jul95.gz"), _bytes);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task S3_url_reads_the_object_from_the_resolved_store()
    {
        var source = _factory.Create("s3://nasa-archive/1995/access_log_Jul95.gz");
        var (bytes, stream) = await DownloadAsync(source, NoSleep());

        Assert.Equal(_bytes, bytes);
        Assert.Equal(_bytes.Length, stream.SourceLength);
        Assert.NotNull(stream.ETag);
        Assert.Equal("s3://nasa-archive/1995/access_log_Jul95.gz", source.DisplayUrl);
    }

    [Fact]
    public async Task Factory_OpenAsync_creates_and_opens_in_one_call()
    {
        await using var stream = await _factory.OpenAsync("s3://nasa-archive/1995/access_log_Jul95.gz", options: NoSleep());
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.Equal(_bytes, copy.ToArray());
        Assert.Equal("s3://nasa-archive/1995/access_log_Jul95.gz", stream.DisplayUrl);
    }

    [Fact]
    public async Task S3_source_resumes_with_a_ranged_read()
    {
        var source = new CuttingSource(_factory.Create("s3://nasa-archive/1995/access_log_Jul95.gz"), cutAfter: 654_321);
        var (bytes, stream) = await DownloadAsync(source, NoSleep());

        Assert.Equal(_bytes, bytes);
        Assert.Equal([0L, 654_321L], source.Offsets);
        Assert.Equal(1, stream.Resumes);
    }

    [Fact]
    public async Task Missing_s3_object_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<SourceUnavailableException>(() =>
            ResumingStream.OpenAsync(_factory.Create("s3://nasa-archive/1995/missing.gz"), NoSleep()));
        Assert.Equal("s3://nasa-archive/1995/missing.gz: object not found", error.Message);
    }

    [Fact]
    public void S3_without_a_configured_store_is_a_clear_error()
    {
        var error = Assert.Throws<Errors.BackfillException>(() => new SourceFactory().Create("s3://bucket/key.gz"));
        Assert.Contains("need an object store", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task File_url_and_plain_path_read_and_resume(bool asUrl)
    {
        var path = _temp.Combine("buckets", "nasa-archive", "1995", "access_log_Jul95.gz");
        var source = new CuttingSource(_factory.Create(asUrl ? new Uri(path).AbsoluteUri : path), cutAfter: 99_999);
        var (bytes, stream) = await DownloadAsync(source, NoSleep());

        Assert.Equal(_bytes, bytes);
        Assert.Equal([0L, 99_999L], source.Offsets);
        Assert.NotNull(stream.LastModified);
    }

    [Fact]
    public async Task Missing_file_is_a_clear_error_and_not_retried()
    {
        var path = _temp.Combine("nope.gz");
        var retries = new List<SourceRetry>();
        var error = await Assert.ThrowsAsync<SourceUnavailableException>(() => ResumingStream.OpenAsync(_factory.Create(path), NoSleep(retries: retries)));

        Assert.Equal(path + ": file not found", error.Message);
        Assert.Empty(retries);
    }
}
