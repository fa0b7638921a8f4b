using Backfill.Core.Input;

namespace Backfill.Aws.Signing;

/// <summary>
/// The SigV4 handler for an OpenSearch endpoint described by the execution input's <c>opensearch.auth</c>
/// (type sigv4, service "es" or "aoss", optional region). Plug it into Core's transport factory:
/// <c>new OpenSearchTransportFactory(signingHandler: auth =&gt; OpenSearchSigning.CreateHandler(auth))</c>.
/// </summary>
public static class OpenSearchSigning
{
    /// <param name="auth">Service and region from the input; a missing region falls back to <paramref name="client"/>'s chain.</param>
    /// <param name="client">Credentials/profile/region source; defaults to the standard chain.</param>
    /// <param name="timeProvider">Clock for X-Amz-Date (tests).</param>
    public static SigV4SigningHandler CreateHandler(OpenSearchAuth auth, AwsClientOptions? client = null, TimeProvider? timeProvider = null)
    {
        client ??= new AwsClientOptions();
        var region = string.IsNullOrWhiteSpace(auth.Region) ? client.ResolveRegion() : auth.Region;
        var options = auth.Service switch
        {
            null or "es" => SigV4SignerOptions.ForOpenSearch(region),
            "aoss" => SigV4SignerOptions.ForOpenSearchServerless(region),
            var other => throw new Core.Errors.BackfillException(
                $"opensearch.auth.service \"{other}\" is not supported (expected es for Amazon OpenSearch Service or aoss for OpenSearch Serverless)"),
        };
        return new SigV4SigningHandler(options, client.ResolveCredentials(), timeProvider);
    }
}
