using System.Net;
using Backfill.Core.Errors;

namespace Backfill.Aws.Json;

/// <summary>
/// An AWS service refused or failed a request (after retries, when the error was retryable). Carries the AWS
/// error code (e.g. "ExecutionDoesNotExist", "ResourceNotFoundException"), the HTTP status and the request id.
/// The message names the service, the operation and the code; it never contains credentials or request bodies.
/// Subclasses group the codes a caller typically handles differently (not found, conflict, validation, access).
/// </summary>
public class AwsServiceException : BackfillException, IServiceFailure
{
    public AwsServiceException(AwsErrorDetails details) : base(Describe(details))
    {
        Details = details;
    }

    public AwsErrorDetails Details { get; }

    /// <summary>The AWS error code, without namespace or URL decorations.</summary>
    public string ErrorCode => Details.ErrorCode;

    public HttpStatusCode StatusCode => Details.StatusCode;

    public string? RequestId => Details.RequestId;

    /// <summary>The service's own message, as returned.</summary>
    public string? AwsMessage => Details.Message;

    private static string Describe(AwsErrorDetails d)
    {
        var text = $"{d.Service} {d.Operation} failed with {(int)d.StatusCode} {d.ErrorCode}";
        if (!string.IsNullOrWhiteSpace(d.Message)) text += ": " + OneLine(d.Message);
        if (Hint(d.ErrorCode) is { } hint) text += " (" + hint + ")";
        if (d.RequestId is not null) text += $" [request id {d.RequestId}]";
        return text;
    }

    private static string? Hint(string code) => code switch
    {
        "UnrecognizedClientException" or "InvalidClientTokenId" or "InvalidSignatureException" or "SignatureDoesNotMatch"
            => "the credentials were rejected: check the access key, secret key and region",
        "ExpiredTokenException" or "ExpiredToken" => "the session token has expired: refresh the credentials",
        "AccessDeniedException" or "AccessDenied" => "the credentials lack the IAM permission for this action; see README \"Deploy to AWS\"",
        _ => null,
    };

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

/// <summary>What AWS said about a failed request.</summary>
/// <param name="Service">Human name, e.g. "Step Functions".</param>
/// <param name="Operation">e.g. "StartExecution".</param>
public sealed record AwsErrorDetails(string Service, string Operation, HttpStatusCode StatusCode, string ErrorCode, string? Message, string? RequestId);

/// <summary>The resource (execution, state machine, map run, function, schedule) does not exist.</summary>
public sealed class AwsResourceNotFoundException(AwsErrorDetails details) : AwsServiceException(details);

/// <summary>The request conflicts with the resource's state: it already exists, is being updated, or cannot be redriven.</summary>
public sealed class AwsConflictException(AwsErrorDetails details) : AwsServiceException(details);

/// <summary>The service rejected the request's content: a bad ARN, name, definition, input or parameter.</summary>
public sealed class AwsValidationException(AwsErrorDetails details) : AwsServiceException(details);

/// <summary>The credentials were rejected or lack permission.</summary>
public sealed class AwsAccessDeniedException(AwsErrorDetails details) : AwsServiceException(details);

/// <summary>Still throttled (or the service still failing) after every retry.</summary>
public sealed class AwsThrottlingException(AwsErrorDetails details) : AwsServiceException(details);
