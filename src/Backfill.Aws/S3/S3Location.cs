using Backfill.Core.Errors;
using Backfill.Core.Storage;

namespace Backfill.Aws.S3;

/// <summary>
/// An "s3://bucket/prefix" location. The prefix is a key prefix (may be empty); when not empty it always ends
/// in '/' so that keys joined to it stay under it.
/// </summary>
public sealed record S3Location(string Bucket, string Prefix)
{
    public const string Scheme = "s3://";

    public override string ToString() => Scheme + Bucket + "/" + Prefix;

    /// <summary>The key of <paramref name="relativeKey"/> under this location's prefix.</summary>
    public string KeyFor(string relativeKey) => Prefix + relativeKey;

    /// <summary>Parses <paramref name="text"/>; <paramref name="what"/> names the field in error messages.</summary>
    public static S3Location Parse(string text, string what = "location")
    {
        if (!text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            throw new InvalidS3LocationException(what, text, "it does not start with s3://");
        var rest = text[Scheme.Length..];
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..];
        if (BucketProblem(bucket) is { } problem) throw new InvalidS3LocationException(what, text, problem);
        if (prefix.Length > 0)
        {
            try
            {
                ObjectKey.ValidatePrefix(prefix, what + " prefix");
            }
            catch (InvalidObjectKeyException e)
            {
                throw new InvalidS3LocationException(what, text, e.Message);
            }
            if (!prefix.EndsWith('/')) prefix += "/";
        }
        return new S3Location(bucket, prefix);
    }

    public static bool TryParse(string text, out S3Location? location)
    {
        try
        {
            location = Parse(text);
            return true;
        }
        catch (InvalidS3LocationException)
        {
            location = null;
            return false;
        }
    }

    /// <summary>S3's bucket naming rules (general purpose buckets); null when <paramref name="bucket"/> is valid.</summary>
    public static string? BucketProblem(string bucket)
    {
        if (bucket.Length == 0) return "the bucket name is empty";
        if (bucket.Length is < 3 or > 63) return $"the bucket name \"{bucket}\" is {bucket.Length} characters long, expected 3 to 63";
        foreach (var c in bucket)
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-'))
                return $"the bucket name \"{bucket}\" contains '{c}', expected only lower-case letters, digits, '.' and '-'";
        if (!char.IsAsciiLetterOrDigit(bucket[0]) || !char.IsAsciiLetterOrDigit(bucket[^1]))
            return $"the bucket name \"{bucket}\" must begin and end with a letter or digit";
        if (bucket.Contains("..", StringComparison.Ordinal)) return $"the bucket name \"{bucket}\" contains \"..\"";
        if (System.Net.IPAddress.TryParse(bucket, out _) && bucket.Count(c => c == '.') == 3)
            return $"the bucket name \"{bucket}\" is formatted as an IP address";
        return null;
    }
}

public sealed class InvalidS3LocationException(string what, string text, string problem)
    : BackfillException($"{what} \"{text}\" is not a valid S3 location: {problem} (expected s3://bucket or s3://bucket/prefix)");
