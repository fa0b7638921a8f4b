using Amazon.Runtime;

namespace Backfill.Aws.Signing;

/// <summary>The fixed part of signing for one endpoint: service signing name, region and service quirks.</summary>
/// <param name="Service">The signing name, e.g. "es", "aoss", "s3", "states".</param>
/// <param name="Region">The signing region.</param>
public sealed record SigV4SignerOptions(string Service, string Region)
{
    /// <inheritdoc cref="SigV4SigningParameters.NormalizePath"/>
    public bool NormalizePath { get; init; } = true;

    /// <inheritdoc cref="SigV4SigningParameters.AddContentSha256Header"/>
    public bool AddContentSha256Header { get; init; }

    /// <inheritdoc cref="SigV4SigningParameters.OmitSessionTokenFromSignature"/>
    public bool OmitSessionTokenFromSignature { get; init; }

    /// <summary>Amazon OpenSearch Service domains: service "es".</summary>
    public static SigV4SignerOptions ForOpenSearch(string region) => new("es", region);

    /// <summary>Amazon OpenSearch Serverless collections: service "aoss", which requires x-amz-content-sha256.</summary>
    public static SigV4SignerOptions ForOpenSearchServerless(string region) => new("aoss", region) { AddContentSha256Header = true };

    public SigV4SigningParameters ToParameters(ImmutableCredentials credentials, DateTimeOffset timestamp) =>
        new(Service, Region, credentials, timestamp)
        {
            NormalizePath = NormalizePath,
            AddContentSha256Header = AddContentSha256Header,
            OmitSessionTokenFromSignature = OmitSessionTokenFromSignature,
        };
}
