using Backfill.Core.Errors;

namespace Backfill.Core.OpenSearch;

/// <summary>Why a request never got an HTTP answer.</summary>
public enum UnreachableKind
{
    /// <summary>Nothing listens at the endpoint (or a firewall refuses).</summary>
    ConnectionRefused,
    /// <summary>The connection broke while the request or response was in flight.</summary>
    ConnectionReset,
    /// <summary>No answer within the request timeout.</summary>
    Timeout,
    /// <summary>The host name does not resolve.</summary>
    UnknownHost,
    /// <summary>TLS failed (certificate, protocol).</summary>
    Tls,
    Other,
}

/// <summary>
/// A request got no HTTP answer. The sender retries it (resets and timeouts are the normal weather of long loads);
/// the setup step fails fast. The message names the endpoint without credentials.
/// </summary>
public sealed class OpenSearchUnreachableException(string endpoint, UnreachableKind kind, string detail, Exception? inner = null)
    : BackfillException($"OpenSearch at {endpoint} could not be reached: {Describe(kind)} ({detail})", inner ?? new Exception(detail)), IServiceFailure
{
    public string EndpointText { get; } = endpoint;
    public UnreachableKind Kind { get; } = kind;
    public override string ErrorType => "OpenSearchUnreachable";

    private static string Describe(UnreachableKind kind) => kind switch
    {
        UnreachableKind.ConnectionRefused => "connection refused",
        UnreachableKind.ConnectionReset => "connection reset",
        UnreachableKind.Timeout => "timed out",
        UnreachableKind.UnknownHost => "unknown host",
        UnreachableKind.Tls => "TLS handshake failed",
        _ => "request failed",
    };
}
