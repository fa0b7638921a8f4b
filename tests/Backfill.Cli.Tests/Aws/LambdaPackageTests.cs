using System.IO.Compression;
using Backfill.Cli.Aws;
using Backfill.Tests.Shared;

namespace Backfill.Cli.Tests.Aws;

public sealed class LambdaPackageTests
{
    [Fact]
    public void The_zip_is_deterministic_and_bootstrap_is_executable()
    {
        using var dir = new TempDirectory("zip");
        var content = dir.Combine("publish");
        Directory.CreateDirectory(Path.Combine(content, "opensearch"));
        File.WriteAllText(Path.Combine(content, "bootstrap"), "binary");
        File.WriteAllText(Path.Combine(content, "bootstrap.dll"), "managed");
        File.WriteAllText(Path.Combine(content, "opensearch", "nasa-http.pipeline.json"), "{}");

        LambdaPackage.Zip(content, dir.Combine("a.zip"));
        File.SetLastWriteTimeUtc(Path.Combine(content, "bootstrap.dll"), DateTime.UtcNow.AddDays(-3)); // timestamps do not matter
        LambdaPackage.Zip(content, dir.Combine("b.zip"));

        Assert.Equal(File.ReadAllBytes(dir.Combine("a.zip")), File.ReadAllBytes(dir.Combine("b.zip")));
        using var zip = ZipFile.OpenRead(dir.Combine("a.zip"));
        Assert.Equal(["bootstrap", "bootstrap.dll", "opensearch/nasa-http.pipeline.json"], zip.Entries.Select(e => e.FullName));
        Assert.Equal(0x81ED, zip.GetEntry("bootstrap")!.ExternalAttributes >>> 16); // regular file, rwxr-xr-x
        Assert.Equal(0x81A4, zip.GetEntry("bootstrap.dll")!.ExternalAttributes >>> 16); // rw-r--r--
        Assert.Equal(Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(dir.Combine("a.zip")))),
            LambdaPackage.CodeSha256(dir.Combine("a.zip")));
    }
}
