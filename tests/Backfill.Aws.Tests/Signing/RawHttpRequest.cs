using System.Text;

namespace Backfill.Aws.Tests.Signing;

/// <summary>
/// A request in the test suite's text form: "METHOD target HTTP/1.1", header lines (a line starting with white
/// space continues the previous header), a blank line and the body. The target may hold raw spaces and UTF-8,
/// which is why it is split at the last " HTTP/" rather than at spaces.
/// </summary>
public sealed record RawHttpRequest(string Method, string Target, List<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string Path => Target.Split('?', 2)[0];
    public string Query => Target.Contains('?') ? Target.Split('?', 2)[1] : "";

    public static RawHttpRequest Parse(string text)
    {
        text = text.Replace("\r\n", "\n");
        var blank = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = blank < 0 ? text.TrimEnd('\n') : text[..blank];
        var body = blank < 0 ? "" : text[(blank + 2)..];
        var lines = head.Split('\n');

        var requestLine = lines[0];
        var firstSpace = requestLine.IndexOf(' ');
        var version = requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal);
        if (firstSpace < 0 || version <= firstSpace) throw new FormatException($"not a request line: \"{requestLine}\"");
        var method = requestLine[..firstSpace];
        var target = requestLine[(firstSpace + 1)..version];

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0) continue;
            if (line[0] is ' ' or '\t')
            {
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + "\n" + line);
                continue;
            }
            var colon = line.IndexOf(':');
            headers.Add(new(line[..colon], line[(colon + 1)..].TrimStart(' ', '\t')));
        }
        return new RawHttpRequest(method, target, headers, Encoding.UTF8.GetBytes(body));
    }

    /// <summary>Headers for comparison: names lower-cased, stable-sorted by name (order kept within a name).</summary>
    public static List<string> Comparable(IEnumerable<KeyValuePair<string, string>> headers) =>
        headers.Select(h => (Name: h.Key.ToLowerInvariant(), h.Value)).OrderBy(h => h.Name, StringComparer.Ordinal)
            .Select(h => h.Name + ":" + h.Value).ToList();
}
