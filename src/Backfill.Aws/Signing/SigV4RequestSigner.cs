using Amazon.Runtime;
using Backfill.Core.Errors;

namespace Backfill.Aws.Signing;

/// <summary>
/// Signs an <see cref="HttpRequestMessage"/> in place with SigV4 (Authorization, X-Amz-Date, and when needed
/// X-Amz-Security-Token and x-amz-content-sha256). Signs Host (set explicitly so the wire carries exactly what was
/// signed), the path and query as the request will send them, every request and content header except
/// Content-Length and hop-by-hop headers, and the SHA-256 of the exact body bytes.
/// </summary>
public static class SigV4RequestSigner
{
    /// <summary>
    /// A payload hash the caller already computed for the body (e.g. while compressing it), to spare a second
    /// pass over the bytes. When the request carries x-amz-content-sha256 that value is used instead.
    /// </summary>
    public static readonly HttpRequestOptionsKey<string> PayloadHashOption = new("Backfill.SigV4.PayloadHash");

    public static async Task<SigV4Signature> SignAsync(HttpRequestMessage request, SigV4SignerOptions options,
        ImmutableCredentials credentials, DateTimeOffset timestamp, CancellationToken cancellationToken = default)
    {
        var uri = request.RequestUri;
        if (uri is null || !uri.IsAbsoluteUri)
            throw new BackfillException($"SigV4 signing: request URI must be absolute (scheme://host/path), found \"{uri}\"");

        var host = request.Headers.Host ?? (uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}");
        request.Headers.Host = host;

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in request.Headers.NonValidated) headers.Add(new(name, values.ToString()));
        if (request.Content is not null)
            foreach (var (name, values) in request.Content.Headers.NonValidated)
                if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) headers.Add(new(name, values.ToString()));

        var payloadHash = await PayloadHashFor(request, cancellationToken).ConfigureAwait(false);
        var query = uri.Query.Length > 0 ? uri.Query[1..] : "";
        var signature = SigV4Signer.Sign(new SigV4Request(request.Method.Method, uri.AbsolutePath, query, headers, payloadHash),
            options.ToParameters(credentials, timestamp));

        // Apply the headers the signer added or replaced; everything else is already on the request.
        foreach (var name in new[] { SigV4Signer.DateHeader, SigV4Signer.SecurityTokenHeader, SigV4Signer.ContentSha256Header, SigV4Signer.AuthorizationHeader })
        {
            var added = signature.Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (added.Count == 0) continue;
            request.Headers.Remove(name);
            foreach (var header in added) request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        return signature;
    }

    private static async Task<string> PayloadHashFor(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.TryGetValues(SigV4Signer.ContentSha256Header, out var declared))
            return declared.First();
        if (request.Options.TryGetValue(PayloadHashOption, out var precomputed)) return precomputed;
        return await PayloadHash.ComputeAsync(request.Content, cancellationToken).ConfigureAwait(false);
    }
}
