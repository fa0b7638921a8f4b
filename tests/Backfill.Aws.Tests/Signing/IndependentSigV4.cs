using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Backfill.Aws.Tests.Signing;

/// <summary>
/// A deliberately separate, minimal SigV4 computation from the spec (HMAC chain done here with
/// System.Security.Cryptography, no code shared with Backfill.Aws), used by tests to check what a server
/// received. It handles what those tests send: ASCII paths, simple queries, single-line header values.
/// </summary>
public static class IndependentSigV4
{
    public static string Signature(string secretKey, string region, string service, string amzDate,
        string method, string path, string query, IEnumerable<(string Name, string Value)> signedHeaders, byte[] body)
    {
        var headers = signedHeaders.Select(h => (Name: h.Name.ToLowerInvariant(), Value: h.Value.Trim()))
            .OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
        var canonicalQuery = string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Contains('=') ? p : p + "=").Order(StringComparer.Ordinal));
        var canonical = new StringBuilder()
            .Append(method).Append('\n')
            .Append(EncodePath(path)).Append('\n')
            .Append(canonicalQuery).Append('\n');
        foreach (var (name, value) in headers) canonical.Append(name).Append(':').Append(value).Append('\n');
        canonical.Append('\n').Append(string.Join(';', headers.Select(h => h.Name))).Append('\n')
            .Append(Convert.ToHexStringLower(SHA256.HashData(body)));

        var date = amzDate[..8];
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";

        var key = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        foreach (var part in new[] { date, region, service, "aws4_request" }) key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    /// <summary>Non-S3 rule: the path as sent is percent-encoded once more ('%' becomes "%25").</summary>
    private static string EncodePath(string path) =>
        string.Concat(path.Select(c => char.IsAsciiLetterOrDigit(c) || "-_.~/".Contains(c) ? c.ToString() : "%" + ((int)c).ToString("X2", CultureInfo.InvariantCulture)));
}
