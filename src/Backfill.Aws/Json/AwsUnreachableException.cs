using Backfill.Core.Errors;

namespace Backfill.Aws.Json;

/// <summary>The service could not be reached (connection refused, DNS, TLS, timeout) after every retry.</summary>
public sealed class AwsUnreachableException(string message, Exception inner) : BackfillException(message, inner), IServiceFailure;
