using Amazon.Runtime;

namespace Backfill.Aws.Signing;

/// <summary>Who signs, for which service and region, and when.</summary>
/// <param name="Service">The signing name, e.g. "es" (Amazon OpenSearch Service), "aoss" (Serverless), "s3".</param>
/// <param name="Region">The signing region, e.g. "us-east-1".</param>
/// <param name="Credentials">Resolved credentials; a session token, when present, is sent as X-Amz-Security-Token.</param>
/// <param name="Timestamp">The signing time (X-Amz-Date); must be within 5 minutes of the service's clock.</param>
public sealed record SigV4SigningParameters(
    string Service,
    string Region,
    ImmutableCredentials Credentials,
    DateTimeOffset Timestamp)
{
    /// <summary>
    /// True (every service but S3): remove "." / ".." segments and repeated slashes from the path, then encode the
    /// path as sent once more ("double encoding"). False (S3): sign the path as-is, percent-encoded exactly once.
    /// </summary>
    public bool NormalizePath { get; init; } = true;

    /// <summary>Send and sign x-amz-content-sha256 with the payload hash (required by S3 and OpenSearch Serverless).</summary>
    public bool AddContentSha256Header { get; init; }

    /// <summary>Add X-Amz-Security-Token after signing instead of signing it (a few services want it that way).</summary>
    public bool OmitSessionTokenFromSignature { get; init; }

    public override string ToString() => $"SigV4SigningParameters {{ Service = {Service}, Region = {Region}, Timestamp = {Timestamp:O} }}";
}
