namespace Backfill.Aws.Signing;

/// <summary>
/// The outcome of header-based signing. <see cref="Headers"/> (and <see cref="Authorization"/>) carry a credential:
/// they go on the wire and nowhere else, and <see cref="ToString"/> leaves them out.
/// </summary>
public sealed record SigV4Signature(
    string CanonicalRequest,
    string StringToSign,
    string Signature,
    string Authorization,
    IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public override string ToString() => "SigV4Signature (headers withheld)";
}

/// <summary>The outcome of presigning; <see cref="Query"/> is a bearer credential and must not be logged.</summary>
public sealed record SigV4PresignedRequest(string CanonicalRequest, string StringToSign, string Signature, string Query)
{
    public override string ToString() => "SigV4PresignedRequest (query withheld)";
}
