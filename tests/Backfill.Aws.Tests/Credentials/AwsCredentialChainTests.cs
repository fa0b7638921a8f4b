using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.S3;
using Backfill.Aws.Credentials;
using Backfill.Aws.Signing;
using Backfill.Tests.Shared;

namespace Backfill.Aws.Tests.Credentials;

/// <summary>
/// Credential and region resolution with a temporary shared-credentials file. The SDK's default chain (which
/// would consult EC2 instance metadata) is never reached from these tests.
/// </summary>
public sealed class AwsCredentialChainTests : IDisposable
{
    private readonly TempDirectory _directory = new("aws-profiles");
    private readonly CredentialProfileStoreChain _profiles;

    public AwsCredentialChainTests()
    {
        var file = _directory.Combine("credentials");
        File.WriteAllText(file, """
            [backfill-dev]
            aws_access_key_id = AKIDFROMPROFILE
            aws_secret_access_key = profile-secret-EXAMPLE
            region = ap-southeast-2

            [no-region]
            aws_access_key_id = AKIDNOREGION
            aws_secret_access_key = other-secret-EXAMPLE
            """);
        _profiles = new CredentialProfileStoreChain(file);
    }

    public void Dispose() => _directory.Dispose();

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault();

    [Fact]
    public void Explicit_credentials_win_over_a_profile()
    {
        var explicitCredentials = new BasicAWSCredentials("AKIDEXPLICIT", "explicit-secret");
        var options = new AwsClientOptions { Credentials = explicitCredentials, Profile = "backfill-dev" };

        Assert.Same(explicitCredentials, AwsCredentialChain.Resolve(options, _profiles));
    }

    [Fact]
    public async Task Named_profile_supplies_keys()
    {
        var credentials = AwsCredentialChain.Resolve(new AwsClientOptions { Profile = "backfill-dev" }, _profiles);

        var resolved = await AwsCredentialChain.GetImmutableAsync(credentials);
        Assert.Equal("AKIDFROMPROFILE", resolved.AccessKey);
        Assert.Equal("profile-secret-EXAMPLE", resolved.SecretKey);
    }

    [Fact]
    public void Missing_profile_is_named_in_the_error()
    {
        var error = Assert.Throws<AwsCredentialsException>(() => AwsCredentialChain.Resolve(new AwsClientOptions { Profile = "prod-typo" }, _profiles));

        Assert.StartsWith("AWS profile \"prod-typo\" was not found", error.Message);
        Assert.Contains("~/.aws/credentials", error.Message);
    }

    [Fact]
    public void Region_comes_from_option_then_environment_then_profile()
    {
        var env = Environment(("AWS_REGION", "eu-north-1"));
        Assert.Equal("us-east-2", AwsCredentialChain.ResolveRegion(new AwsClientOptions { Region = "us-east-2", Profile = "backfill-dev" }, _profiles, env));
        Assert.Equal("eu-north-1", AwsCredentialChain.ResolveRegion(new AwsClientOptions { Profile = "backfill-dev" }, _profiles, env));
        Assert.Equal("eu-central-1", AwsCredentialChain.ResolveRegion(new AwsClientOptions(), _profiles, Environment(("AWS_DEFAULT_REGION", "eu-central-1"))));
        Assert.Equal("ap-southeast-2", AwsCredentialChain.ResolveRegion(new AwsClientOptions { Profile = "backfill-dev" }, _profiles, Environment()));
        Assert.Equal("ap-southeast-2", AwsCredentialChain.ResolveRegion(new AwsClientOptions(), _profiles, Environment(("AWS_PROFILE", "backfill-dev"))));
    }

    [Fact]
    public void Missing_region_says_where_to_set_one_unless_a_custom_endpoint_makes_it_moot()
    {
        var error = Assert.Throws<AwsCredentialsException>(() =>
            AwsCredentialChain.ResolveRegion(new AwsClientOptions { Profile = "no-region" }, _profiles, Environment()));
        Assert.Equal("no AWS region configured: expected --region, AWS_REGION or AWS_DEFAULT_REGION, or region= in profile \"no-region\"", error.Message);

        var local = new AwsClientOptions { Profile = "no-region", EndpointUrl = new Uri("http://127.0.0.1:4568") };
        Assert.Equal("us-east-1", AwsCredentialChain.ResolveRegion(local, _profiles, Environment()));
    }

    [Fact]
    public void Endpoints_and_sdk_configuration_follow_the_options()
    {
        var aws = new AwsClientOptions { Region = "eu-west-1", MaxErrorRetry = 7 };
        Assert.Equal(new Uri("https://states.eu-west-1.amazonaws.com/"), aws.ResolveEndpoint("states"));
        Assert.Equal(new Uri("https://lambda.cn-north-1.amazonaws.com.cn/"), (aws with { Region = "cn-north-1" }).ResolveEndpoint("lambda"));

        var config = aws.Configure(new AmazonS3Config());
        Assert.Equal("eu-west-1", config.RegionEndpoint.SystemName);
        Assert.Equal(RequestRetryMode.Standard, config.RetryMode);
        Assert.Equal(7, config.MaxErrorRetry);

        var local = new AwsClientOptions { Region = "us-east-1", EndpointUrl = new Uri("http://127.0.0.1:4568/") };
        Assert.Equal(new Uri("http://127.0.0.1:4568/"), local.ResolveEndpoint("states"));
        var localConfig = local.Configure(new AmazonS3Config());
        Assert.Equal("http://127.0.0.1:4568/", localConfig.ServiceURL);
        Assert.Equal("us-east-1", localConfig.AuthenticationRegion);
    }

    [Fact]
    public void Printing_options_and_signatures_never_shows_secrets()
    {
        var options = new AwsClientOptions { Region = "eu-west-1", Credentials = new SessionAWSCredentials("AKIDPRINT", "print-secret", "print-token") };
        var parameters = new SigV4SigningParameters("es", "eu-west-1", new ImmutableCredentials("AKIDPRINT", "print-secret", "print-token"), DateTimeOffset.UnixEpoch);
        var signature = SigV4Signer.Sign(new SigV4Request("GET", "/", "", [new("Host", "h")], SigV4Signer.EmptyPayloadHash), parameters);

        foreach (var text in new[] { options.ToString(), parameters.ToString(), signature.ToString() })
        {
            Assert.DoesNotContain("print-secret", text);
            Assert.DoesNotContain("print-token", text);
            Assert.DoesNotContain(signature.Signature, text);
        }
    }
}
