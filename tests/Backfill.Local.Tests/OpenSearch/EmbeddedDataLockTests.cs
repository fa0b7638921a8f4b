using Backfill.Core.Errors;
using Backfill.Local.OpenSearch;
using Backfill.Local.OpenSearch.Storage;
using Backfill.Tests.Shared;
using static Backfill.Local.Tests.OpenSearch.EmbeddedTestHelpers;

namespace Backfill.Local.Tests.OpenSearch;

/// <summary>One store per embedded data directory: a second opener is refused until the first is disposed.</summary>
public sealed class EmbeddedDataLockTests : IDisposable
{
    private readonly TempDirectory _dir = new("embedded-lock");

    public void Dispose() => _dir.Dispose();

    private static string Doc(int n) => $"{{\"index\":{{\"_index\":\"logs\",\"_id\":\"id-{n}\"}}}}\n{{\"n\":{n}}}\n";

    [Fact]
    public async Task A_second_store_on_the_same_directory_is_refused_naming_it_until_the_first_is_disposed()
    {
        var first = EmbeddedOpenSearch.Open(_dir.Path);
        await first.CallAsync("POST", "/_bulk", Doc(1));

        var refused = Assert.Throws<DataDirectoryInUseException>(() => EmbeddedOpenSearch.Open(_dir.Path));
        Assert.IsAssignableFrom<BackfillException>(refused);
        Assert.Equal(_dir.Path, refused.DataDirectory);
        Assert.Contains($"embedded OpenSearch data directory {_dir.Path} is in use by another backfill process", refused.Message);
        Assert.Contains("serve", refused.Message);
        // The refused opener touched nothing: the first store still writes and counts.
        await first.CallAsync("POST", "/_bulk", Doc(2));
        Assert.Equal(2, first.Count("logs"));

        first.Dispose();
        using var second = EmbeddedOpenSearch.Open(_dir.Path);
        Assert.Equal(2, second.Count("logs"));
        Assert.Throws<DataDirectoryInUseException>(() => EmbeddedOpenSearch.Open(_dir.Path + "/"));
    }

    [Fact]
    public void A_store_that_fails_to_open_releases_the_directory_at_once()
    {
        // The pipelines folder is a file: the store takes the lock, then fails reading its pipelines.
        File.WriteAllText(Path.Combine(_dir.Path, "_pipelines"), "not a folder");
        Assert.ThrowsAny<IOException>(() => EmbeddedOpenSearch.Open(_dir.Path));

        File.Delete(Path.Combine(_dir.Path, "_pipelines"));
        using var reopened = EmbeddedOpenSearch.Open(_dir.Path); // not "in use": the failed open let go of the lock
        Assert.Equal(0, reopened.Count("logs"));
    }

    [Fact]
    public void The_lock_is_held_on_a_lock_file_in_the_data_directory()
    {
        using (EmbeddedOpenSearch.Open(_dir.Path))
        {
            var path = Path.Combine(_dir.Path, DataDirectoryLock.FileName);
            Assert.True(File.Exists(path));
            Assert.ThrowsAny<IOException>(() => new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None));
        }
        using var free = new FileStream(Path.Combine(_dir.Path, DataDirectoryLock.FileName), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
    }

    [Fact]
    public void Stores_on_different_directories_do_not_block_each_other()
    {
        using var a = EmbeddedOpenSearch.Open(Path.Combine(_dir.Path, "a"));
        using var b = EmbeddedOpenSearch.Open(Path.Combine(_dir.Path, "b"));
        Assert.NotEqual(a.DataDirectory, b.DataDirectory);
    }

    [Fact]
    public void Acquiring_names_the_directory_and_releases_on_dispose()
    {
        using (var held = DataDirectoryLock.Acquire(_dir.Path))
        {
            Assert.Equal(_dir.Path, held.Directory);
            var e = Assert.Throws<DataDirectoryInUseException>(() => DataDirectoryLock.Acquire(_dir.Path));
            Assert.Contains(_dir.Path, e.Message);
        }
        using var again = DataDirectoryLock.Acquire(_dir.Path);
    }

    [Fact]
    public void A_directory_that_cannot_hold_the_lock_file_is_an_error_naming_it_not_a_false_in_use()
    {
        var missing = Path.Combine(_dir.Path, "missing", "deeper");
        var e = Assert.ThrowsAny<BackfillException>(() => DataDirectoryLock.Acquire(missing));
        Assert.IsNotType<DataDirectoryInUseException>(e);
        Assert.Contains(missing, e.Message);
    }
}
