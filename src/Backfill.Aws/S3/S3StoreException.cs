using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Backfill.Core.Errors;
using Backfill.Core.Storage;

namespace Backfill.Aws.S3;

/// <summary>S3 refused or failed a request. The message names the object, the operation and S3's error code.</summary>
public sealed class S3StoreException(string message, Exception inner) : BackfillException(message, inner), IServiceFailure
{
    /// <summary>
    /// Turns an SDK failure into the store's errors: missing objects into <see cref="ObjectNotFoundException"/>,
    /// everything else into an <see cref="S3StoreException"/>. The SDK already retried what was retryable.
    /// </summary>
    internal static Exception From(Exception e, string operation, string location, string bucket)
    {
        if (e is AmazonS3Exception s3)
        {
            if (s3.ErrorCode == "NoSuchBucket")
                return new S3StoreException($"{location}: S3 {operation} failed: bucket \"{bucket}\" does not exist (NoSuchBucket)", e);
            if (s3.StatusCode == HttpStatusCode.NotFound || s3.ErrorCode is "NoSuchKey" or "NotFound")
                return new ObjectNotFoundException(location);
            var hint = s3.ErrorCode switch
            {
                "AccessDenied" => ": the credentials lack permission for this bucket or key",
                "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "ExpiredToken" or "InvalidToken" => ": the credentials were rejected",
                "NoSuchUpload" => ": the multipart upload was aborted or expired",
                _ => "",
            };
            return new S3StoreException(
                $"{location}: S3 {operation} failed with {(int)s3.StatusCode} {s3.ErrorCode ?? s3.StatusCode.ToString()}{hint} ({s3.Message})", e);
        }
        return new S3StoreException($"{location}: S3 {operation} failed: {e.Message}", e);
    }

    internal static bool Translatable(Exception e) => e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException;
}
