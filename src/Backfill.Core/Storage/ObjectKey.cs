using Backfill.Core.Errors;

namespace Backfill.Core.Storage;

/// <summary>
/// Rules for object keys shared by every store. A key is '/'-separated; it may not be empty, absolute, contain
/// empty, "." or ".." segments, backslashes or control characters, so a local-directory store can never be
/// made to write outside its root and S3 keys stay portable.
/// </summary>
public static class ObjectKey
{
    public static string Validate(string key, string what = "key")
    {
        if (string.IsNullOrEmpty(key))
            throw new InvalidObjectKeyException(what, key, "it is empty");
        if (key[0] == '/')
            throw new InvalidObjectKeyException(what, key, "it is absolute (starts with '/')");
        if (key.Length > 1024)
            throw new InvalidObjectKeyException(what, key, "it is longer than 1024 characters");
        foreach (var c in key)
        {
            if (c == '\\') throw new InvalidObjectKeyException(what, key, "it contains a backslash");
            if (char.IsControl(c)) throw new InvalidObjectKeyException(what, key, "it contains a control character");
        }
        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0) throw new InvalidObjectKeyException(what, key, "it has an empty segment");
            if (segment is "." or "..") throw new InvalidObjectKeyException(what, key, $"it has a \"{segment}\" segment");
        }
        return key;
    }

    /// <summary>Validates a prefix: empty is allowed; otherwise it must be a valid key, optionally ending in '/'.</summary>
    public static string ValidatePrefix(string prefix, string what = "prefix")
    {
        if (prefix.Length == 0) return prefix;
        Validate(prefix.EndsWith('/') ? prefix[..^1] : prefix, what);
        return prefix;
    }

    /// <summary>Joins segments with '/' (trailing '/' on the left part is tolerated).</summary>
    public static string Join(string left, string right)
    {
        if (left.Length == 0) return right;
        return left.EndsWith('/') ? left + right : left + "/" + right;
    }
}

public sealed class InvalidObjectKeyException(string what, string key, string problem)
    : BackfillException($"{what} \"{key}\" is not a valid object key: {problem} (expected a relative path of non-empty segments without \"..\")");
