using System.Text.RegularExpressions;
using Backfill.Core.Errors;

namespace Backfill.Core.Sources;

/// <summary>
/// A parsed source location: ftp://, http://, https://, s3://bucket/key, file:///path or a plain file path.
/// Credentials in the URL's userinfo (<c>ftp://user:pass@host/…</c>, percent-decoded) are split off into
/// <see cref="Credentials"/>; <see cref="DisplayUrl"/> and <see cref="ToString"/> never contain them.
/// </summary>
public sealed partial class SourceUrl
{
    public const string SupportedSchemes = "ftp, http, https, s3 or file";

    private SourceUrl(string scheme, string displayUrl)
    {
        Scheme = scheme;
        DisplayUrl = displayUrl;
    }

    /// <summary>"ftp", "http", "https", "s3" or "file" (plain paths are "file").</summary>
    public string Scheme { get; }

    /// <summary>Safe to print: no userinfo, no signed query string.</summary>
    public string DisplayUrl { get; }

    /// <summary>Host name (ftp, http, https) or bucket (s3); empty for files.</summary>
    public string Host { get; private init; } = "";

    /// <summary>TCP port (ftp, http, https); -1 otherwise.</summary>
    public int Port { get; private init; } = -1;

    /// <summary>Percent-decoded path on the server (ftp), object key (s3, taken literally as the AWS CLI does), or local file path.</summary>
    public string Path { get; private init; } = "";

    /// <summary>The URL to request (ftp, http, https) without userinfo. For http it keeps the query, which may be signed: do not print it.</summary>
    public Uri? RequestUri { get; private init; }

    /// <summary>Credentials given in the URL's userinfo, if any.</summary>
    public SourceCredentials? Credentials { get; private init; }

    public override string ToString() => DisplayUrl;

    /// <summary>Parses a source URL; unsupported schemes and malformed URLs are <see cref="BackfillException"/>s.</summary>
    public static SourceUrl Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0) throw new BackfillException("source URL is empty (expected ftp://, http://, https://, s3:// or file:// URL, or a file path)");
        var scheme = SchemeOf(text);
        return scheme switch
        {
            null => new SourceUrl("file", text) { Path = System.IO.Path.GetFullPath(text) },
            "file" => ParseFile(text),
            "s3" => ParseS3(text),
            "ftp" or "http" or "https" => ParseNetwork(text, scheme),
            _ => throw new BackfillException($"scheme \"{scheme}\" is not supported (expected {SupportedSchemes})"),
        };
    }

    /// <summary>
    /// Makes any URL safe to print: drops "user:password@" and replaces a query string that looks signed
    /// (X-Amz-Signature, sig=, token=…) with "?&lt;redacted&gt;". Text that is not a URL comes back unchanged.
    /// </summary>
    public static string Redact(string url)
    {
        var redacted = UserInfo().Replace(url, "${scheme}", 1);
        var query = redacted.IndexOf('?');
        if (query >= 0 && SignedQuery().IsMatch(redacted.AsSpan(query)))
        {
            var fragment = redacted.IndexOf('#', query);
            redacted = redacted[..query] + "?<redacted>" + (fragment >= 0 ? redacted[fragment..] : "");
        }
        return redacted;
    }

    /// <summary>The lower-case scheme, or null for a plain path (a one-letter "scheme" is a Windows drive).</summary>
    private static string? SchemeOf(string text)
    {
        var match = Scheme_().Match(text);
        return match.Success && match.Groups[1].Length > 1 ? match.Groups[1].Value.ToLowerInvariant() : null;
    }

    private static SourceUrl ParseFile(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !uri.IsFile)
            throw new BackfillException($"\"{Redact(text)}\" is not a valid file URL (expected file:///absolute/path)");
        if (!string.IsNullOrEmpty(uri.Host))
            throw new BackfillException($"\"{Redact(text)}\" names host \"{uri.Host}\" (expected file:///absolute/path on this machine)");
        return new SourceUrl("file", Redact(text)) { Path = uri.LocalPath };
    }

    private static SourceUrl ParseS3(string text)
    {
        var rest = text[(text.IndexOf(':') + 1)..];
        if (!rest.StartsWith("//", StringComparison.Ordinal))
            throw new BackfillException($"\"{Redact(text)}\" is not a valid s3 URL (expected s3://bucket/key)");
        rest = rest[2..];
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        var key = slash < 0 ? "" : rest[(slash + 1)..];
        if (bucket.Length == 0 || bucket.Contains('@'))
            throw new BackfillException($"\"{Redact(text)}\" names no bucket (expected s3://bucket/key)");
        if (key.Length == 0)
            throw new BackfillException($"\"{Redact(text)}\" names no object key (expected s3://bucket/key)");
        return new SourceUrl("s3", Redact(text)) { Host = bucket, Path = key };
    }

    private static SourceUrl ParseNetwork(string text, string scheme)
    {
        var display = Redact(text);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new BackfillException($"\"{display}\" is not a valid {scheme} URL (expected {scheme}://host/path)");
        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        if (path is "" or "/")
            throw new BackfillException($"\"{display}\" names no file (expected a path to an archive)");
        if (scheme == "ftp" && path.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            throw new BackfillException($"\"{display}\" has a line break or NUL in its path (expected a plain file path)");
        var credentials = CredentialsOf(uri);
        // Cut the userinfo out of the text rather than rebuilding the URI, so a signed query stays byte-identical.
        var request = credentials is null ? uri : new Uri(UserInfo().Replace(text, "${scheme}", 1), UriKind.Absolute);
        return new SourceUrl(scheme, display)
        {
            Host = uri.Host,
            Port = uri.Port,
            Path = path,
            RequestUri = request,
            Credentials = credentials,
        };
    }

    private static SourceCredentials? CredentialsOf(Uri uri)
    {
        if (string.IsNullOrEmpty(uri.UserInfo)) return null;
        var colon = uri.UserInfo.IndexOf(':');
        var user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
        var password = colon < 0 ? "" : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        return new SourceCredentials(user, password);
    }

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9+.-]*):")]
    private static partial Regex Scheme_();

    // Everything between "scheme://" and the last '@' of the authority (which ends at the first '/', '?' or '#').
    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"(?i)[?&](x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential|signature|sig|token|access_token|password|awsaccesskeyid)=")]
    private static partial Regex SignedQuery();
}
