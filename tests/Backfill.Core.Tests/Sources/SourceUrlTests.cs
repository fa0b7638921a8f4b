using Backfill.Core.Errors;
using Backfill.Core.Sources;
using Backfill.Tests.Shared;

namespace Backfill.Core.Tests.Sources;

public sealed class SourceUrlTests
{
    [Theory]
    [InlineData("ftp://bob:s3cret@ftp.example.org/pub/a.gz", "ftp://ftp.example.org/pub/a.gz")]
    [InlineData("ftp://bob@ftp.example.org:2121/pub/a.gz", "ftp://ftp.example.org:2121/pub/a.gz")]
    [InlineData("https://u:p%40ss@h.example/a.gz?X-Amz-Algorithm=AWS4&X-Amz-Signature=deadbeef", "https://h.example/a.gz?<redacted>")]
    [InlineData("https://bucket.s3.amazonaws.com/a.gz?versionId=3", "https://bucket.s3.amazonaws.com/a.gz?versionId=3")]
    [InlineData("https://h.example/a.gz?sig=xyz#part", "https://h.example/a.gz?<redacted>#part")]
    [InlineData("s3://bucket/key.gz", "s3://bucket/key.gz")]
    [InlineData("/var/data/a.gz", "/var/data/a.gz")]
    public void Redact_strips_userinfo_and_signed_queries(string url, string expected) =>
        Assert.Equal(expected, SourceUrl.Redact(url));

    [Fact]
    public void DisplayUrl_never_contains_credentials_or_signatures()
    {
        var url = SourceUrl.Parse("https://alice:top%3Asecret@logs.example.org/x/a.gz?X-Amz-Credential=AKIA&X-Amz-Signature=f00d");

        Assert.Equal("https://logs.example.org/x/a.gz?<redacted>", url.DisplayUrl);
        Assert.Equal(url.DisplayUrl, url.ToString());
        Assert.DoesNotContain("secret", url.DisplayUrl);
        Assert.DoesNotContain("f00d", url.DisplayUrl);
        Assert.Equal("alice", url.Credentials!.UserName);
        Assert.Equal("top:secret", url.Credentials.Password);
        Assert.Equal("alice:****", url.Credentials.ToString());
        Assert.Equal("", url.RequestUri!.UserInfo);
        Assert.Contains("X-Amz-Signature=f00d", url.RequestUri.Query);
    }

    [Fact]
    public void Request_uri_keeps_a_presigned_query_exactly()
    {
        const string query = "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20250101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20250101T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=0123abcd";
        var plain = SourceUrl.Parse("https://b.s3.amazonaws.com/logs/a%20b.gz" + query);
        var withUser = SourceUrl.Parse("https://u:p@b.s3.amazonaws.com/logs/a%20b.gz" + query);

        Assert.Equal("https://b.s3.amazonaws.com/logs/a%20b.gz" + query, plain.RequestUri!.AbsoluteUri);
        Assert.Equal(plain.RequestUri.AbsoluteUri, withUser.RequestUri!.AbsoluteUri);
    }

    [Fact]
    public void Ftp_url_parts_are_decoded()
    {
        var url = SourceUrl.Parse("ftp://ita.ee.lbl.gov/traces/NASA%20access_log_Jul95.gz");

        Assert.Equal("ftp", url.Scheme);
        Assert.Equal("ita.ee.lbl.gov", url.Host);
        Assert.Equal(21, url.Port);
        Assert.Equal("/traces/NASA access_log_Jul95.gz", url.Path);
        Assert.Null(url.Credentials);
    }

    [Fact]
    public void S3_url_gives_bucket_and_literal_key()
    {
        var url = SourceUrl.Parse("s3://My-Bucket/logs/a+b.gz");
        Assert.Equal(("s3", "My-Bucket", "logs/a+b.gz"), (url.Scheme, url.Host, url.Path));
    }

    [Fact]
    public void File_urls_and_plain_paths_are_files()
    {
        Assert.Equal("/tmp/a b.gz", SourceUrl.Parse("file:///tmp/a%20b.gz").Path);
        Assert.Equal(Path.GetFullPath("data/a.gz"), SourceUrl.Parse("data/a.gz").Path);
        Assert.Equal("file", SourceUrl.Parse("/abs/a.gz").Scheme);
    }

    [Fact]
    public void Unsupported_scheme_is_named()
    {
        var error = Assert.Throws<BackfillException>(() => SourceUrl.Parse("gopher://example.org/1/a.gz"));
        Assert.Equal("scheme \"gopher\" is not supported (expected ftp, http, https, s3 or file)", error.Message);
    }

    [Theory]
    [InlineData("s3://bucket", "names no object key")]
    [InlineData("s3:///key", "names no bucket")]
    [InlineData("https://h.example/", "names no file")]
    [InlineData("ftp://h.example/a%0D%0ADELE%20x", "line break")]
    [InlineData("file://server/share/a.gz", "names host")]
    public void Malformed_urls_are_clear_errors(string url, string expected) =>
        Assert.Contains(expected, Assert.Throws<BackfillException>(() => SourceUrl.Parse(url)).Message);
}

public sealed class SourceCredentialsTests
{
    private static readonly SourceFactory Factory = new(new SourceFactoryOptions
    {
        GetEnvironmentVariable = name => name == "FTP_CREDS" ? "dave:pa:ss" : null,
    });

    [Fact]
    public void Env_reference_is_split_at_the_first_colon()
    {
        var credentials = SourceCredentials.FromReference("env:FTP_CREDS", name => name == "FTP_CREDS" ? "dave:pa:ss" : null);
        Assert.Equal(("dave", "pa:ss"), (credentials.UserName, credentials.Password));
    }

    [Fact]
    public void File_reference_is_read_without_its_trailing_newline()
    {
        using var temp = new TempDirectory("creds");
        File.WriteAllText(temp.Combine("ftp.txt"), "erin:hunter2\n");

        var credentials = SourceCredentials.FromReference("file:" + temp.Combine("ftp.txt"));

        Assert.Equal(("erin", "hunter2"), (credentials.UserName, credentials.Password));
    }

    [Fact]
    public void Unset_variable_names_the_reference()
    {
        var error = Assert.Throws<BackfillException>(() => Factory.Create("ftp://h.example/a.gz", "env:MISSING_VAR"));
        Assert.Equal("credentials reference \"env:MISSING_VAR\" cannot be resolved: environment variable MISSING_VAR is not set", error.Message);
    }

    [Fact]
    public void Missing_file_names_the_reference()
    {
        var error = Assert.Throws<BackfillException>(() => Factory.Create("ftp://h.example/a.gz", "file:/no/such/creds"));
        Assert.Contains("\"file:/no/such/creds\"", error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void A_secret_pasted_instead_of_a_reference_is_not_echoed()
    {
        var error = Assert.Throws<BackfillException>(() => Factory.Create("ftp://h.example/a.gz", "dave:hunter2"));
        Assert.DoesNotContain("hunter2", error.Message);
        Assert.Contains("expected env:VARIABLE or file:PATH", error.Message);
    }

    [Fact]
    public void A_value_without_a_colon_is_refused_without_showing_it()
    {
        var error = Assert.Throws<BackfillException>(() =>
            SourceCredentials.FromReference("env:ONLY_PASSWORD", _ => "justapassword"));
        Assert.DoesNotContain("justapassword", error.Message);
        Assert.Contains("does not hold user:password", error.Message);
    }

    [Fact]
    public void Credentials_in_both_places_are_refused()
    {
        var error = Assert.Throws<BackfillException>(() => Factory.Create("ftp://x:y@h.example/a.gz", "env:FTP_CREDS"));
        Assert.StartsWith("ftp://h.example/a.gz: credentials are given both", error.Message);
        Assert.DoesNotContain("x:y", error.Message);
    }

    [Fact]
    public void Credentials_for_s3_or_files_are_refused()
    {
        var error = Assert.Throws<BackfillException>(() => Factory.Create("/tmp/a.gz", "env:FTP_CREDS"));
        Assert.Contains("only used by ftp, http and https", error.Message);
    }

    [Fact]
    public void Line_breaks_in_credentials_are_refused()
    {
        Assert.Throws<BackfillException>(() => SourceCredentials.FromReference("env:X", _ => "bob:pw\r\nDELE a.gz"));
    }
}

public sealed class FtpServerPathTests
{
    [Theory]
    [InlineData("ftp://h.example/traces/NASA_access_log_Jul95.gz", "traces/NASA_access_log_Jul95.gz")]
    [InlineData("ftp://h.example/%2Fvar/ftp/a.gz", "/var/ftp/a.gz")]
    public void Url_paths_are_relative_to_the_login_directory_unless_the_slash_is_encoded(string url, string expected) =>
        Assert.Equal(expected, FtpByteSource.ServerPath(SourceUrl.Parse(url).Path));
}
