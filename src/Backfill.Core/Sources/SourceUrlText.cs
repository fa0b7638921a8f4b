using System.Text.RegularExpressions;

namespace Backfill.Core.Sources;

/// <summary>Removes credentials from URL text before it is printed, logged or stored in a report.</summary>
public static partial class SourceUrlText
{
    /// <summary>Drops "user:password@" and signed query strings (X-Amz-Signature, sig=…); keeps the rest readable.</summary>
    public static string Redact(string url)
    {
        var redacted = UserInfo().Replace(url, "${scheme}");
        var query = redacted.IndexOf('?');
        if (query >= 0 && SignedQuery().IsMatch(redacted[query..])) redacted = redacted[..query] + "?<redacted>";
        return redacted;
    }

    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^/@?#]*@")]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"(?i)[?&](x-amz-signature|x-amz-credential|x-amz-security-token|signature|sig|token|access_token|password)=")]
    private static partial Regex SignedQuery();
}
