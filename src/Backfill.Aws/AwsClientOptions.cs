using Amazon;
using Amazon.Runtime;
using Backfill.Aws.Credentials;
using Backfill.Aws.Signing;

namespace Backfill.Aws;

/// <summary>
/// How to reach one AWS service: region, credentials (explicit, profile, or the default chain) and an optional
/// endpoint override (LocalStack, s3rver, a VPC endpoint). Shared by the S3 store and the small typed clients
/// (Step Functions, Lambda, Scheduler) that talk JSON over an <see cref="HttpClient"/> signed with SigV4.
/// </summary>
public sealed record AwsClientOptions
{
    /// <summary>e.g. "eu-west-1"; when null see <see cref="AwsCredentialChain.ResolveRegion(AwsClientOptions)"/>.</summary>
    public string? Region { get; init; }

    /// <summary>A named profile from ~/.aws/config or ~/.aws/credentials.</summary>
    public string? Profile { get; init; }

    /// <summary>Send requests here instead of the service's regional AWS endpoint.</summary>
    public Uri? EndpointUrl { get; init; }

    /// <summary>Explicit credentials; win over <see cref="Profile"/> and the default chain.</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>Retries of throttling, 5xx and transient network errors (AWS standard retry mode).</summary>
    public int MaxErrorRetry { get; init; } = 5;

    /// <summary>Per-request timeout; null keeps the SDK default.</summary>
    public TimeSpan? Timeout { get; init; }

    public AWSCredentials ResolveCredentials() => AwsCredentialChain.Resolve(this);

    public string ResolveRegion() => AwsCredentialChain.ResolveRegion(this);

    /// <summary>
    /// <see cref="EndpointUrl"/>, or the regional endpoint https://{endpointPrefix}.{region}.{partition suffix}
    /// (e.g. "states" → https://states.us-east-1.amazonaws.com).
    /// </summary>
    public Uri ResolveEndpoint(string endpointPrefix)
    {
        if (EndpointUrl is not null) return EndpointUrl;
        var region = ResolveRegion();
        var suffix = RegionEndpoint.GetBySystemName(region).PartitionDnsSuffix ?? "amazonaws.com";
        return new Uri($"https://{endpointPrefix}.{region}.{suffix}/");
    }

    /// <summary>A handler that signs for <paramref name="signingName"/> in the resolved region with the resolved credentials.</summary>
    public SigV4SigningHandler CreateSigningHandler(string signingName, HttpMessageHandler? innerHandler = null)
    {
        var options = new SigV4SignerOptions(signingName, ResolveRegion());
        return new SigV4SigningHandler(options, ResolveCredentials(), innerHandler ?? new SocketsHttpHandler());
    }

    /// <summary>Applies region or endpoint, retry mode and timeout to an AWSSDK client configuration.</summary>
    public TConfig Configure<TConfig>(TConfig config) where TConfig : ClientConfig
    {
        var region = ResolveRegion();
        if (EndpointUrl is not null)
        {
            config.ServiceURL = EndpointUrl.ToString();
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        config.RetryMode = RequestRetryMode.Standard;
        config.MaxErrorRetry = MaxErrorRetry;
        if (Timeout is { } timeout) config.Timeout = timeout;
        return config;
    }

    public override string ToString() =>
        $"AwsClientOptions {{ Region = {Region}, Profile = {Profile}, EndpointUrl = {EndpointUrl}, Credentials = {(Credentials is null ? "chain" : "explicit")} }}";
}
