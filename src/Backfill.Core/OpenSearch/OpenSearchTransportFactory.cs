using System.Collections.Concurrent;
using Backfill.Core.Errors;
using Backfill.Core.Input;
using Backfill.Core.Sources;

namespace Backfill.Core.OpenSearch;

/// <summary>
/// Turns <see cref="OpenSearchSettings"/> into a transport, once per endpoint and auth (a warm Lambda reuses its
/// connections). Two seams are left to the composition root, because Core depends on neither:
/// <list type="bullet">
/// <item><c>embedded</c>: the in-process endpoint a local run provides (Backfill.Local);</item>
/// <item><c>signingHandler</c>: a <see cref="DelegatingHandler"/> that signs requests with SigV4 for
/// <c>es</c>/<c>aoss</c> (Backfill.Aws). It sits outermost-but-one, so it sees the final (gzip) body.</item>
/// </list>
/// </summary>
public sealed class OpenSearchTransportFactory(
    Func<IOpenSearchTransport>? embedded = null,
    Func<OpenSearchAuth, DelegatingHandler>? signingHandler = null,
    Func<string, string?>? getEnvironmentVariable = null,
    TimeSpan? requestTimeout = null)
{
    private readonly ConcurrentDictionary<(string, OpenSearchAuth), IOpenSearchTransport> _cache = new();

    public IOpenSearchTransport Create(OpenSearchSettings settings)
    {
        if (settings.IsEmbedded)
        {
            return embedded?.Invoke() ?? throw new BackfillException(
                "opensearch.endpoint \"embedded\" is only available in a local run (backfill run / backfill serve); expected an http(s) URL here");
        }
        return _cache.GetOrAdd((settings.Endpoint, settings.Auth), key => CreateHttp(key.Item1, key.Item2));
    }

    private HttpOpenSearchTransport CreateHttp(string endpoint, OpenSearchAuth auth)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new BackfillException($"opensearch.endpoint \"{SourceUrl.Redact(endpoint)}\" is not supported (expected \"embedded\" or an http(s) URL)");
        HttpMessageHandler handler = HttpOpenSearchTransport.CreateDefaultHandler();
        switch (auth.Type)
        {
            case OpenSearchAuthType.Basic:
                var password = SecretReference.Resolve(auth.PasswordRef ?? "", "opensearch.auth.passwordRef", getEnvironmentVariable);
                handler = new BasicAuthHandler(auth.Username ?? "", password) { InnerHandler = handler };
                break;
            case OpenSearchAuthType.SigV4:
                if (signingHandler is null)
                    throw new BackfillException($"opensearch.auth.type \"sigv4\" needs the AWS request signer, which this process was started without (expected the Lambda functions or the backfill CLI, which provide it)");
                var signer = signingHandler(auth);
                signer.InnerHandler = handler;
                handler = signer;
                break;
        }
        return new HttpOpenSearchTransport(uri, handler, requestTimeout);
    }
}
