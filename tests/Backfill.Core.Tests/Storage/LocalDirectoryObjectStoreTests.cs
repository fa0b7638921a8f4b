using Backfill.Core.Storage;
using Backfill.Tests.Shared;

namespace Backfill.Core.Tests.Storage;

public class LocalDirectoryObjectStoreTests
{
    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../escape")]
    [InlineData("/etc/passwd")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    [InlineData("")]
    [InlineData("a\\..\\b")]
    [InlineData("a/b/")]
    public async Task Keys_that_could_escape_the_root_are_rejected(string key)
    {
        using var dir = new TempDirectory();
        var store = new LocalDirectoryObjectStore(dir.Combine("root"));
        var error = await Assert.ThrowsAsync<InvalidObjectKeyException>(() => store.PutAsync(key, new byte[] { 1 }));
        Assert.Contains("not a valid object key", error.Message);
        Assert.False(File.Exists(dir.Combine("escape")));
        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => store.OpenReadAsync(key));
    }

    [Fact]
    public async Task Writes_are_invisible_until_committed_and_abandoned_without_commit()
    {
        using var dir = new TempDirectory();
        var store = new LocalDirectoryObjectStore(dir.Path);
        await using (var writer = await store.CreateAsync("a/b.txt"))
        {
            await writer.WriteAsync(new byte[] { 1, 2, 3 });
            Assert.Null(await store.GetInfoAsync("a/b.txt"));
        }
        Assert.Null(await store.GetInfoAsync("a/b.txt"));
        Assert.Empty(Directory.GetFiles(dir.Combine("a")));

        await store.PutAsync("a/b.txt", new byte[] { 4, 5 });
        Assert.Equal(new byte[] { 4, 5 }, await store.ReadAllBytesAsync("a/b.txt"));
    }

    [Fact]
    public async Task Lists_by_prefix_in_key_order_and_reads_from_an_offset()
    {
        using var dir = new TempDirectory();
        var store = new LocalDirectoryObjectStore(dir.Path);
        foreach (var key in new[] { "p/b/2", "p/a", "p/b/1", "q/x", "pa" })
            await store.PutAsync(key, "0123456789"u8.ToArray());
        var keys = new List<string>();
        await foreach (var info in store.ListAsync("p/")) keys.Add(info.Key);
        Assert.Equal(["p/a", "p/b/1", "p/b/2"], keys);

        await using var stream = await store.OpenReadAsync("p/a", offset: 7);
        Assert.Equal("789", new StreamReader(stream).ReadToEnd());
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.OpenReadAsync("missing"));
        await store.DeleteAsync("missing");
    }
}
