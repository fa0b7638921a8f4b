using System.Net;

namespace Backfill.Aws.Json;

/// <summary>
/// Sorts AWS error codes into the typed exceptions and decides what is worth retrying. The lists follow the AWS
/// API references of Step Functions, Lambda and EventBridge Scheduler and the SDKs' standard retry mode.
/// </summary>
public static class AwsErrorCodes
{
    private static readonly HashSet<string> NotFound = new(StringComparer.Ordinal)
    {
        "ResourceNotFoundException", "ResourceNotFound", "ExecutionDoesNotExist", "StateMachineDoesNotExist",
        "ActivityDoesNotExist", "MapRunDoesNotExist", "NotFoundException",
    };

    private static readonly HashSet<string> Conflict = new(StringComparer.Ordinal)
    {
        "ConflictException", "ResourceConflictException", "ResourceInUseException", "ExecutionAlreadyExists",
        "StateMachineAlreadyExists", "ExecutionNotRedrivable", "StateMachineDeleting", "ExecutionLimitExceeded",
        "PreconditionFailedException", "CodeVerificationFailedException",
    };

    private static readonly HashSet<string> Validation = new(StringComparer.Ordinal)
    {
        "ValidationException", "InvalidArn", "InvalidName", "InvalidDefinition", "InvalidExecutionInput",
        "InvalidLoggingConfiguration", "InvalidTracingConfiguration", "InvalidToken", "MissingRequiredParameter",
        "InvalidParameterValueException", "InvalidRequestContentException", "RequestTooLargeException",
        "UnsupportedMediaTypeException", "SerializationException", "StateMachineTypeNotSupported",
        "CodeStorageExceededException", "InvalidZipFileException", "ServiceQuotaExceededException",
    };

    private static readonly HashSet<string> AccessDenied = new(StringComparer.Ordinal)
    {
        "AccessDeniedException", "AccessDenied", "UnrecognizedClientException", "InvalidSignatureException",
        "SignatureDoesNotMatch", "InvalidClientTokenId", "ExpiredTokenException", "ExpiredToken",
        "MissingAuthenticationTokenException", "IncompleteSignature", "KMSAccessDeniedException",
    };

    private static readonly HashSet<string> Throttling = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "RequestLimitExceeded", "RequestThrottled", "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "BandwidthLimitExceeded",
    };

    private static readonly HashSet<string> Transient = new(StringComparer.Ordinal)
    {
        "ServiceUnavailable", "ServiceUnavailableException", "InternalFailure", "InternalServerError",
        "InternalServerException", "ServiceException", "RequestTimeout", "RequestTimeoutException",
        "EC2UnexpectedException", "ServiceFailure",
    };

    /// <summary>Throttling, 5xx and the services' "try again" codes: retried with backoff.</summary>
    public static bool IsRetryable(HttpStatusCode status, string errorCode) =>
        Throttling.Contains(errorCode) || Transient.Contains(errorCode) ||
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    public static bool IsThrottling(string errorCode) => Throttling.Contains(errorCode);

    /// <summary>The typed exception for <paramref name="details"/>.</summary>
    public static AwsServiceException ToException(AwsErrorDetails details)
    {
        var code = details.ErrorCode;
        if (NotFound.Contains(code)) return new AwsResourceNotFoundException(details);
        if (Conflict.Contains(code)) return new AwsConflictException(details);
        if (Validation.Contains(code)) return new AwsValidationException(details);
        if (AccessDenied.Contains(code)) return new AwsAccessDeniedException(details);
        if (IsRetryable(details.StatusCode, code)) return new AwsThrottlingException(details);
        return details.StatusCode switch
        {
            HttpStatusCode.NotFound => new AwsResourceNotFoundException(details),
            HttpStatusCode.Conflict => new AwsConflictException(details),
            HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized => new AwsAccessDeniedException(details),
            _ => new AwsServiceException(details),
        };
    }
}
