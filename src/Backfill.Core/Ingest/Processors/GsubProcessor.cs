using System.Text;
using System.Text.RegularExpressions;
using Backfill.Core.Ingest.Grok;
using Backfill.Core.Ingest.Pipeline;

namespace Backfill.Core.Ingest.Processors;

/// <summary><c>gsub</c>: replaces every match of the Java regex <c>pattern</c> with <c>replacement</c> (Java's <c>$1</c>, <c>${name}</c>, <c>\$</c>).</summary>
internal sealed class GsubProcessor : StringFieldProcessor
{
    private readonly Regex _pattern;
    private readonly string _replacement;

    private GsubProcessor(ProcessorConfig config) : base(config)
    {
        var pattern = config.RequiredString("pattern");
        try
        {
            _pattern = new Regex(RegexDialect.FromJava(pattern), RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw config.Error("pattern", $"Invalid regex pattern. {e.Message}");
        }
        _replacement = JavaReplacement(config.RequiredString("replacement"));
    }

    public static IngestProcessor Create(ProcessorConfig config) => new GsubProcessor(config);

    protected override string Process(string value) => _pattern.Replace(value, _replacement);

    /// <summary>Java's Matcher replacement syntax in .NET's: <c>\x</c> is a literal x, <c>$n</c>/<c>${name}</c> group references, other <c>$</c> doubled.</summary>
    internal static string JavaReplacement(string replacement)
    {
        var builder = new StringBuilder(replacement.Length);
        for (var i = 0; i < replacement.Length; i++)
        {
            var c = replacement[i];
            if (c == '\\' && i + 1 < replacement.Length)
            {
                var next = replacement[++i];
                builder.Append(next == '$' ? "$$" : next.ToString());
            }
            else if (c == '$' && i + 1 < replacement.Length && (char.IsAsciiDigit(replacement[i + 1]) || replacement[i + 1] == '{'))
            {
                if (replacement[i + 1] == '{')
                {
                    var close = replacement.IndexOf('}', i + 2);
                    if (close < 0) throw new ArgumentException("named capturing group is missing trailing '}'");
                    builder.Append("${").Append(replacement, i + 2, close - i - 2).Append('}');
                    i = close;
                }
                else
                {
                    builder.Append("${").Append(replacement[i + 1]).Append('}');
                    i++;
                }
            }
            else if (c == '$')
            {
                builder.Append("$$");
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
