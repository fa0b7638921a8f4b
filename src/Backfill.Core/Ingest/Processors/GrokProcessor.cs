using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Backfill.Core.Ingest.Documents;
using Backfill.Core.Ingest.Grok;
using Backfill.Core.Ingest.Pipeline;

namespace Backfill.Core.Ingest.Processors;

/// <summary>
/// <c>grok</c>: matches <c>field</c> against <c>patterns</c> (the first that matches wins; the search is
/// unanchored) and sets one field per named capture, typed by its <c>:int :long :float :double :boolean</c>
/// suffix. <c>pattern_definitions</c> add or override patterns; <c>trace_match</c> records the matching
/// pattern's index in <c>_ingest._grok_match_index</c>; <c>capture_all_matches</c> (OpenSearch 3.3) keeps every
/// value of a repeated name as a list. No allocation per line beyond the field values themselves.
/// </summary>
internal sealed class GrokProcessor : IngestProcessor
{
    private readonly FieldPath _field;
    private readonly GrokExpression _expression;
    private readonly bool _ignoreMissing;
    private readonly bool _traceMatch;
    private readonly bool _captureAllMatches;
    private readonly ThreadLocal<RecentTexts> _recentTexts;

    private GrokProcessor(ProcessorConfig config) : base(config)
    {
        _field = ConvertProcessor.ParsePath(config, "field", config.RequiredString("field"));
        var patterns = config.RequiredStringList("patterns");
        _traceMatch = config.Boolean("trace_match", false);
        _ignoreMissing = config.Boolean("ignore_missing", false);
        _captureAllMatches = config.Boolean("capture_all_matches", false);
        if (patterns.Count == 0) throw config.Error("patterns", "List of patterns must not be empty");
        var definitions = config.OptionalStringMap("pattern_definitions");
        try
        {
            _expression = GrokCompiler.Compile(patterns, definitions, _traceMatch, config.Options.GrokMatchTimeout ?? Regex.InfiniteMatchTimeout);
            var captureCount = _expression.Captures.Length;
            _recentTexts = new ThreadLocal<RecentTexts>(() => new RecentTexts(captureCount));
        }
        catch (ArgumentException e)
        {
            throw config.Error("patterns", $"Invalid regex pattern found in: [{string.Join(", ", patterns)}]. {e.Message}");
        }
    }

    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;

    public static IngestProcessor Create(ProcessorConfig config) => new GrokProcessor(config);

    internal GrokExpression Expression => _expression;

    [SkipLocalsInit] // the matcher fills the scratch span before anything reads it
    public override IngestFailure? Execute(IngestDocument document)
    {
        var failure = DocumentAccess.TryGetString(document, _field, _ignoreMissing, out var text);
        if (failure is not null) return failure;
        if (text is null)
        {
            if (_ignoreMissing) return null;
            return IngestFailure.IllegalArgument($"field [{_field.Path}] is null, cannot process it.");
        }

        Span<int> scratch = stackalloc int[_expression.ScratchLength];
        scoped GrokMatch match;
        try
        {
            if (!_expression.TryMatch(text, scratch, out match))
                return IngestFailure.IllegalArgument($"Provided Grok expressions do not match field value: [{text}]");
        }
        catch (RegexMatchTimeoutException)
        {
            return new IngestFailure("runtime_exception", $"grok pattern matching was interrupted after [{(long)_expression.Regex.MatchTimeout.TotalMilliseconds}] ms");
        }

        RecentTexts recent;
        if (ReferenceEquals(document.GrokTextsOwner, this))
        {
            recent = document.GrokTexts!;
        }
        else
        {
            recent = _recentTexts.Value!;
            document.GrokTexts = recent;
            document.GrokTextsOwner = this;
        }
        foreach (var capture in _expression.Captures)
        {
            failure = _captureAllMatches ? SetAll(document, capture, match, text, recent) : SetFirst(document, capture, match, text, recent);
            if (failure is not null) return failure;
        }

        if (_traceMatch)
        {
            var index = "0";
            if (_expression.PatternGroups is { } groups)
            {
                for (var i = 0; i < groups.Length; i++)
                {
                    if (match.TryGet(groups[i], out _, out _))
                    {
                        index = i.ToString(CultureInfo.InvariantCulture);
                        break;
                    }
                }
            }
            document.EnsureIngestMetadata()["_grok_match_index"] = index;
        }
        return null;
    }

    private static IngestFailure? SetFirst(IngestDocument document, GrokCapture capture, in GrokMatch match, string text, RecentTexts recent)
    {
        foreach (var group in capture.Groups)
        {
            if (!match.TryGet(group, out var index, out var length)) continue;
            if (capture.Type == GrokCaptureType.String) return DocumentAccess.Set(document, capture.Field, capture.Text(text, index, length, recent));
            var failure = Convert(capture, text, index, length, recent, out var value);
            return failure ?? DocumentAccess.Set(document, capture.Field, value);
        }
        return null;
    }

    private static IngestFailure? SetAll(IngestDocument document, GrokCapture capture, in GrokMatch match, string text, RecentTexts recent)
    {
        List<object?>? values = null;
        object? single = null;
        var count = 0;
        foreach (var group in capture.Groups)
        {
            if (!match.TryGet(group, out var index, out var length)) continue;
            var failure = Convert(capture, text, index, length, recent, out var value);
            if (failure is not null) return failure;
            if (count++ == 0) single = value;
            else (values ??= [single]).Add(value);
        }
        if (count == 0) return null;
        return DocumentAccess.Set(document, capture.Field, values ?? single);
    }

    // GrokCaptureType: Integer.parseInt, Long.parseLong, Float/Double.parseFloat, Boolean.parseBoolean.
    private static IngestFailure? Convert(GrokCapture capture, string text, int index, int length, RecentTexts recent, out object? value)
    {
        var span = text.AsSpan(index, length);
        switch (capture.Type)
        {
            case GrokCaptureType.Integer:
                if (JavaNumbers.TryParseInt(span, out var i)) { value = JavaNumbers.Box(i); return null; }
                break;
            case GrokCaptureType.Long:
                if (JavaNumbers.TryParseLong(span, out var l)) { value = l; return null; }
                break;
            case GrokCaptureType.Float:
                if (JavaNumbers.TryParseFloat(span, out var f)) { value = f; return null; }
                break;
            case GrokCaptureType.Double:
                if (JavaNumbers.TryParseDouble(span, out var d)) { value = d; return null; }
                break;
            case GrokCaptureType.Boolean:
                value = span.Equals("true", StringComparison.OrdinalIgnoreCase) ? BoxedTrue : BoxedFalse;
                return null;
            default:
                value = capture.Text(text, index, length, recent);
                return null;
        }
        value = null;
        return new IngestFailure("number_format_exception", $"For input string: \"{span}\"");
    }
}
