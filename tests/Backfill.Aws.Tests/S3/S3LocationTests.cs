using Backfill.Aws.S3;
using Backfill.Core.Errors;

namespace Backfill.Aws.Tests.S3;

public sealed class S3LocationTests
{
    [Theory]
    [InlineData("s3://my-bucket", "my-bucket", "")]
    [InlineData("s3://my-bucket/", "my-bucket", "")]
    [InlineData("s3://my.bucket-1/logs", "my.bucket-1", "logs/")]
    [InlineData("s3://abc/backfill/runs/2024-01-01/", "abc", "backfill/runs/2024-01-01/")]
    public void Parses_bucket_and_prefix(string text, string bucket, string prefix)
    {
        var location = S3Location.Parse(text);

        Assert.Equal(bucket, location.Bucket);
        Assert.Equal(prefix, location.Prefix);
        Assert.Equal($"s3://{bucket}/{prefix}", location.ToString());
        Assert.Equal(prefix + "chunks/0001", location.KeyFor("chunks/0001"));
    }

    [Theory]
    [InlineData("https://my-bucket/logs", "does not start with s3://")]
    [InlineData("s3://", "bucket name is empty")]
    [InlineData("s3:///logs", "bucket name is empty")]
    [InlineData("s3://ab/logs", "is 2 characters long, expected 3 to 63")]
    [InlineData("s3://My-Bucket/logs", "contains 'M'")]
    [InlineData("s3://my_bucket/logs", "contains '_'")]
    [InlineData("s3://-bucket/logs", "must begin and end with a letter or digit")]
    [InlineData("s3://my..bucket/logs", "contains \"..\"")]
    [InlineData("s3://192.168.10.12/logs", "formatted as an IP address")]
    [InlineData("s3://my-bucket/../logs", "\"..\" segment")]
    [InlineData("s3://my-bucket//logs", "empty segment")]
    public void Rejects_bad_locations_naming_the_problem(string text, string problem)
    {
        var error = Assert.Throws<InvalidS3LocationException>(() => S3Location.Parse(text, "staging"));

        Assert.IsAssignableFrom<BackfillException>(error);
        Assert.StartsWith($"staging \"{text}\" is not a valid S3 location: ", error.Message);
        Assert.Contains(problem, error.Message);
        Assert.EndsWith("(expected s3://bucket or s3://bucket/prefix)", error.Message);
        Assert.False(S3Location.TryParse(text, out _));
    }

    [Fact]
    public void Store_options_reject_parts_below_the_S3_minimum()
    {
        var options = new S3StoreOptions("my-bucket") { PartSize = 1024 * 1024 };

        var error = Assert.Throws<BackfillException>(() => new S3ObjectStore(options, null!));

        Assert.Equal("S3 store part size: expected at least 5242880 bytes (5 MiB, the S3 minimum), found 1048576", error.Message);
    }

    [Fact]
    public void Store_options_come_from_a_location()
    {
        var options = S3StoreOptions.For(S3Location.Parse("s3://my-bucket/runs/1"));

        Assert.Equal("my-bucket", options.Bucket);
        Assert.Equal("runs/1/", options.Prefix);
        Assert.Equal(8 * 1024 * 1024, options.PartSize);
        Assert.Equal(4, options.PartsInFlight);
    }
}
