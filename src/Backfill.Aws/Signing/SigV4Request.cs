namespace Backfill.Aws.Signing;

/// <summary>
/// The parts of an HTTP request that SigV4 signs, independent of any HTTP stack.
/// </summary>
/// <param name="Method">The HTTP method, e.g. "POST".</param>
/// <param name="Path">The path exactly as sent on the request line (already percent-encoded where needed), e.g. "/_bulk".</param>
/// <param name="Query">The query string as sent, without the leading '?' (empty when there is none).</param>
/// <param name="Headers">Every header that will be sent, in order, repeated names allowed. Must include Host.</param>
/// <param name="PayloadHash">Lower-case hex SHA-256 of the exact body bytes sent (see <see cref="PayloadHash"/>),
/// or a literal such as "UNSIGNED-PAYLOAD" where the service allows one.</param>
public sealed record SigV4Request(
    string Method,
    string Path,
    string Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string PayloadHash);
