using System.Text;

namespace Backfill.Aws.Signing;

/// <summary>
/// Task 1 of SigV4: the canonical request. Written here rather than taken from AWSSDK.Core because the SDK's
/// canonicalizer (AWS4Signer.CanonicalizeRequest, protected) works on its own IRequest model and cannot express
/// what arbitrary HTTP requests and the AWS test suite need: it neither removes "."/".." segments nor collapses
/// repeated slashes, leaves characters such as '$' unencoded, keeps headers in a single-valued dictionary (so
/// repeated headers cannot be signed) and throws on repeated query keys. Deriving the key and computing the
/// signature stay with the SDK (see <see cref="SigV4Signer"/>).
/// </summary>
public static class CanonicalRequest
{
    /// <summary>Headers never signed: hop-by-hop or routinely rewritten by proxies and HTTP stacks.</summary>
    private static readonly HashSet<string> Unsigned = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "user-agent", "x-amzn-trace-id", "expect", "connection", "keep-alive",
        "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
    };

    public static bool IsSignable(string headerName) => !Unsigned.Contains(headerName);

    /// <summary>The canonical request text for <paramref name="request"/> signing <paramref name="signedHeaders"/>.</summary>
    public static string Build(SigV4Request request, bool normalizePath, IReadOnlyList<CanonicalHeader> headers, string canonicalQuery)
    {
        var builder = new StringBuilder(256);
        builder.Append(request.Method.ToUpperInvariant()).Append('\n');
        builder.Append(CanonicalUri(request.Path, normalizePath)).Append('\n');
        builder.Append(canonicalQuery).Append('\n');
        foreach (var header in headers) builder.Append(header.Name).Append(':').Append(header.Value).Append('\n');
        builder.Append('\n');
        builder.Append(SignedHeaders(headers)).Append('\n');
        builder.Append(request.PayloadHash);
        return builder.ToString();
    }

    /// <summary>"host;x-amz-date;…": the lower-case names of the canonical headers.</summary>
    public static string SignedHeaders(IReadOnlyList<CanonicalHeader> headers) => string.Join(';', headers.Select(h => h.Name));

    /// <summary>
    /// The canonical URI. Normalized (all services but S3): dot segments and repeated slashes removed, then the
    /// path as sent is encoded again. S3: decoded and encoded exactly once, no normalization.
    /// </summary>
    public static string CanonicalUri(string path, bool normalize)
    {
        if (path.Length == 0) return "/";
        if (!normalize) return SigV4Encoding.UriEncode(SigV4Encoding.PercentDecode(path), keepSlash: true);
        return SigV4Encoding.UriEncode(RemoveDotSegments(path), keepSlash: true);
    }

    /// <summary>RFC 3986 dot-segment removal plus collapsing of empty segments; a trailing slash is kept.</summary>
    public static string RemoveDotSegments(string path)
    {
        var output = new List<string>();
        var segments = path.Split('/');
        var trailingSlash = false;
        foreach (var segment in segments)
        {
            trailingSlash = segment is "" or "." or "..";
            if (segment is "" or ".") continue;
            if (segment == "..") { if (output.Count > 0) output.RemoveAt(output.Count - 1); continue; }
            output.Add(segment);
        }
        if (output.Count == 0) return "/";
        var result = "/" + string.Join('/', output);
        return trailingSlash ? result + "/" : result;
    }

    /// <summary>
    /// The canonical query: each parameter decoded then SigV4-encoded, sorted by name then value (ordinal), a
    /// parameter without '=' given an empty value. Parameters named in <paramref name="exclude"/> are left out.
    /// </summary>
    public static string CanonicalQuery(string query, string? exclude = null)
    {
        if (query.Length == 0) return "";
        var pairs = new List<(string Name, string Value)>();
        foreach (var part in query.Split('&'))
        {
            if (part.Length == 0) continue;
            var eq = part.IndexOf('=');
            var name = SigV4Encoding.UriEncode(SigV4Encoding.PercentDecode(eq < 0 ? part : part[..eq]));
            if (exclude is not null && name == exclude) continue;
            var value = eq < 0 ? "" : SigV4Encoding.UriEncode(SigV4Encoding.PercentDecode(part[(eq + 1)..]));
            pairs.Add((name, value));
        }
        pairs.Sort((a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(p => p.Name + "=" + p.Value));
    }

    /// <summary>
    /// The canonical headers: names lower-cased and sorted, values trimmed with folded lines and runs of spaces
    /// collapsed to one space, repeated headers joined by ',' in the order they appear.
    /// </summary>
    public static List<CanonicalHeader> CanonicalHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var byName = new SortedDictionary<string, StringBuilder>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            if (!IsSignable(name)) continue;
            var key = name.Trim().ToLowerInvariant();
            var canonical = CanonicalValue(value);
            if (byName.TryGetValue(key, out var existing)) existing.Append(',').Append(canonical);
            else byName[key] = new StringBuilder(canonical);
        }
        return byName.Select(kv => new CanonicalHeader(kv.Key, kv.Value.ToString())).ToList();
    }

    /// <summary>Trims, unfolds continuation lines and collapses whitespace runs into a single space.</summary>
    public static string CanonicalValue(string value)
    {
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value)
        {
            if (c is ' ' or '\t' or '\r' or '\n') { pendingSpace = builder.Length > 0; continue; }
            if (pendingSpace) { builder.Append(' '); pendingSpace = false; }
            builder.Append(c);
        }
        return builder.ToString();
    }
}

/// <summary>One line of the canonical headers block: a lower-case name and its canonical value.</summary>
public readonly record struct CanonicalHeader(string Name, string Value);
