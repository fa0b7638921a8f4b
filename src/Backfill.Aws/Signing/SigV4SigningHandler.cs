using Amazon.Runtime;
using Backfill.Aws.Credentials;

namespace Backfill.Aws.Signing;

/// <summary>
/// An <see cref="HttpClient"/> handler that signs every request with SigV4 just before it is sent, with
/// credentials fetched (and refreshed by the SDK when temporary) from an <see cref="AWSCredentials"/>.
/// Put any handler that rewrites the body (e.g. compression) outside this one, so the hash covers the bytes
/// actually sent; a retry that re-sends the same message is re-signed with a fresh timestamp.
/// </summary>
public sealed class SigV4SigningHandler : DelegatingHandler
{
    private readonly SigV4SignerOptions _options;
    private readonly AWSCredentials _credentials;
    private readonly TimeProvider _time;

    public SigV4SigningHandler(SigV4SignerOptions options, AWSCredentials credentials, TimeProvider? timeProvider = null)
    {
        _options = options;
        _credentials = credentials;
        _time = timeProvider ?? TimeProvider.System;
    }

    public SigV4SigningHandler(SigV4SignerOptions options, AWSCredentials credentials, HttpMessageHandler innerHandler, TimeProvider? timeProvider = null)
        : this(options, credentials, timeProvider)
    {
        InnerHandler = innerHandler;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await SignAsync(request, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Never let the synchronous path send an unsigned request.
        SignAsync(request, cancellationToken).GetAwaiter().GetResult();
        return base.Send(request, cancellationToken);
    }

    private async Task SignAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var credentials = await AwsCredentialChain.GetImmutableAsync(_credentials, cancellationToken).ConfigureAwait(false);
        await SigV4RequestSigner.SignAsync(request, _options, credentials, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }
}
