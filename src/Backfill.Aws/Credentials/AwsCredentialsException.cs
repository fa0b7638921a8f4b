using Backfill.Core.Errors;

namespace Backfill.Aws.Credentials;

/// <summary>No usable AWS credentials or region. The message names what was tried; it never contains a secret.</summary>
public sealed class AwsCredentialsException : BackfillException
{
    public AwsCredentialsException(string message) : base(message) { }
    public AwsCredentialsException(string message, Exception inner) : base(message, inner) { }
}
