using System.Text;

namespace Backfill.Core.Reporting.Html;

/// <summary>
/// Escapes text for HTML element content and quoted attribute values. Source names, URLs, error causes and
/// dead-letter reasons come from archives, inputs and remote servers, so everything the page shows goes through
/// here. Control characters (other than tab and line breaks) and unpaired surrogates become U+FFFD, so the page is
/// also well-formed XML.
/// </summary>
public static class HtmlText
{
    public static string Encode(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var escaped = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                escaped.Append(c).Append(text[++i]);
                continue;
            }
            switch (c)
            {
                case '&': escaped.Append("&amp;"); break;
                case '<': escaped.Append("&lt;"); break;
                case '>': escaped.Append("&gt;"); break;
                case '"': escaped.Append("&quot;"); break;
                case '\'': escaped.Append("&#39;"); break;
                case '\t' or '\n' or '\r': escaped.Append(c); break;
                case '\uFFFE' or '\uFFFF': escaped.Append('\uFFFD'); break;
                default: escaped.Append(char.IsControl(c) || char.IsSurrogate(c) ? '\uFFFD' : c); break;
            }
        }
        return escaped.ToString();
    }
}
