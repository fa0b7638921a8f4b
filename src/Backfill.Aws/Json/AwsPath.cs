using System.Text;
using Backfill.Aws.Signing;

namespace Backfill.Aws.Json;

/// <summary>Builds REST-JSON paths and query strings: labels and values percent-encoded as RFC 3986 requires.</summary>
public sealed class AwsPath
{
    private readonly StringBuilder _text = new();
    private bool _hasQuery;

    private AwsPath(string path) => _text.Append(path);

    /// <summary>A path whose "{label}" parts are replaced by the escaped values, in order.</summary>
    public static AwsPath Format(string template, params string[] labels)
    {
        var text = template;
        foreach (var label in labels)
        {
            var open = text.IndexOf('{');
            var close = text.IndexOf('}', open + 1);
            if (open < 0 || close < 0) throw new ArgumentException($"too many labels for \"{template}\"", nameof(labels));
            text = text[..open] + SigV4Encoding.UriEncode(label) + text[(close + 1)..];
        }
        return new AwsPath(text);
    }

    /// <summary>Adds name=value when the value is not null.</summary>
    public AwsPath Query(string name, string? value)
    {
        if (value is null) return this;
        _text.Append(_hasQuery ? '&' : '?').Append(SigV4Encoding.UriEncode(name)).Append('=').Append(SigV4Encoding.UriEncode(value));
        _hasQuery = true;
        return this;
    }

    public AwsPath Query(string name, int? value) => Query(name, value?.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public override string ToString() => _text.ToString();

    public static implicit operator string(AwsPath path) => path.ToString();
}
