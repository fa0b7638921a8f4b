using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace Backfill.Aws.Credentials;

/// <summary>
/// Where credentials and region come from, in the order the AWS CLI uses. Credentials: explicit ones, then the
/// named profile, then AWSSDK.Core's default chain (environment variables, AWS_PROFILE or "default" in the shared
/// config/credentials files including SSO and assume-role profiles, web identity token, ECS/EKS container
/// endpoint, EC2 instance metadata). Region: explicit, then AWS_REGION / AWS_DEFAULT_REGION, then the profile's.
/// </summary>
public static class AwsCredentialChain
{
    /// <summary>Region used for custom (S3-compatible, local) endpoints when none is configured: they ignore it.</summary>
    public const string DefaultRegionForCustomEndpoints = "us-east-1";

    public static AWSCredentials Resolve(AwsClientOptions options) => Resolve(options, null);

    /// <param name="profiles">The profile store to read (tests point it at a temporary credentials file).</param>
    internal static AWSCredentials Resolve(AwsClientOptions options, CredentialProfileStoreChain? profiles)
    {
        if (options.Credentials is not null) return options.Credentials;
        if (!string.IsNullOrEmpty(options.Profile))
        {
            profiles ??= new CredentialProfileStoreChain();
            if (!profiles.TryGetProfile(options.Profile, out _))
                throw new AwsCredentialsException(
                    $"AWS profile \"{options.Profile}\" was not found (expected a [{options.Profile}] section in ~/.aws/credentials or a [profile {options.Profile}] section in ~/.aws/config)");
            if (profiles.TryGetAWSCredentials(options.Profile, out var fromProfile)) return fromProfile;
            throw new AwsCredentialsException(
                $"AWS profile \"{options.Profile}\" has no usable credentials (expected access keys, role_arn with a source, sso_* settings or credential_process)");
        }
        try
        {
            return DefaultAWSCredentialsIdentityResolver.GetCredentials(null);
        }
        catch (AmazonClientException e)
        {
            throw NoCredentials(e);
        }
    }

    /// <summary>
    /// The current key, secret and token of <paramref name="credentials"/> (temporary ones are refreshed by the
    /// SDK before they expire). Failures become <see cref="AwsCredentialsException"/>.
    /// </summary>
    public static async Task<ImmutableCredentials> GetImmutableAsync(AWSCredentials credentials, CancellationToken cancellationToken = default)
    {
        try
        {
            return await credentials.GetCredentialsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonClientException e)
        {
            throw NoCredentials(e);
        }
    }

    /// <summary>The region to sign for and to build endpoints with.</summary>
    public static string ResolveRegion(AwsClientOptions options) => ResolveRegion(options, null, Environment.GetEnvironmentVariable);

    /// <param name="profiles">The profile store to read.</param>
    /// <param name="environment">Environment lookup (tests pass their own).</param>
    internal static string ResolveRegion(AwsClientOptions options, CredentialProfileStoreChain? profiles, Func<string, string?> environment)
    {
        if (!string.IsNullOrWhiteSpace(options.Region)) return options.Region.Trim();
        foreach (var variable in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
        {
            var value = environment(variable);
            if (!string.IsNullOrWhiteSpace(value)) return value.Trim();
        }
        var profileName = options.Profile ?? environment("AWS_PROFILE") ?? "default";
        profiles ??= new CredentialProfileStoreChain();
        if (profiles.TryGetProfile(profileName, out var profile) && profile.Region is not null) return profile.Region.SystemName;
        if (options.EndpointUrl is not null) return DefaultRegionForCustomEndpoints;
        throw new AwsCredentialsException(
            $"no AWS region configured: expected --region, AWS_REGION or AWS_DEFAULT_REGION, or region= in profile \"{profileName}\"");
    }

    private static AwsCredentialsException NoCredentials(Exception e) =>
        new("no usable AWS credentials: tried the environment (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), the shared " +
            "profile (AWS_PROFILE or \"default\", including SSO and assume-role), a web identity token, the container " +
            "endpoint and EC2 instance metadata; configure one of them or pass --profile (" + OneLine(e.Message) + ")", e);

    // The SDK lists each provider's failure on its own line; the CLI prints errors as one line.
    private static string OneLine(string message) =>
        string.Join("; ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
