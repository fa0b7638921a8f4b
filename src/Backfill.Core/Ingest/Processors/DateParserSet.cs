using System.Collections.Concurrent;
using Backfill.Core.Ingest.Dates;
using Backfill.Core.Ingest.Documents;
using Backfill.Core.Ingest.Pipeline;

namespace Backfill.Core.Ingest.Processors;

/// <summary>
/// A date processor's <c>formats</c> bound to its (possibly templated) <c>timezone</c> and <c>locale</c>. With
/// constant ones the parsers are built once; templated ones are resolved per document and cached by value.
/// Like OpenSearch, every format is tried and the last that parses wins, and an unknown time zone or locale
/// is a failure of the document ("unable to parse date [x]"), not of the pipeline.
/// </summary>
internal sealed class DateParserSet
{
    private readonly List<string> _formats;
    private readonly TemplateString? _timezone;
    private readonly TemplateString? _locale;
    private readonly DateLocale _defaultLocale;
    private readonly Resolved? _constant;
    private readonly IngestDateParser? _onlyIso8601;
    private readonly ConcurrentDictionary<(string?, string?), Resolved> _byTemplate = new();

    private sealed record Resolved(IngestDateParser[]? Parsers, IngestFailure? Error);

    public DateParserSet(List<string> formats, string? timezone, string? locale, DateLocale defaultLocale)
    {
        _formats = formats;
        _defaultLocale = defaultLocale;
        _timezone = timezone is null ? null : TemplateString.Compile(timezone);
        _locale = locale is null ? null : TemplateString.Compile(locale);
        if ((_timezone is null || _timezone.IsConstant) && (_locale is null || _locale.IsConstant))
        {
            _constant = Build(_timezone?.ConstantValue, _locale?.ConstantValue);
            // A Java pattern that cannot be compiled is a configuration error, as in OpenSearch.
            if (_constant.Error is { Type: "illegal_pattern" } patternError) throw new ArgumentException(patternError.Reason);
            if (_constant.Parsers is [{ IsIso8601: true } only]) _onlyIso8601 = only;
        }
    }

    private Resolved Build(string? timezone, string? locale)
    {
        var zone = IngestZone.Utc;
        if (timezone is not null && !IngestZone.TryParse(timezone, out zone, out var zoneError))
            return new Resolved(null, new IngestFailure("zone_rules_exception", zoneError));
        var dateLocale = _defaultLocale;
        if (locale is not null && !DateLocale.TryParse(locale, out dateLocale, out var localeError))
            return new Resolved(null, IngestFailure.IllegalArgument(localeError));
        var parsers = new IngestDateParser[_formats.Count];
        for (var i = 0; i < parsers.Length; i++)
        {
            try
            {
                parsers[i] = IngestDateParser.Create(_formats[i], zone, dateLocale);
            }
            catch (ArgumentException e)
            {
                return new Resolved(null, new IngestFailure("illegal_pattern", e.Message));
            }
        }
        return new Resolved(parsers, null);
    }

    /// <summary>Parses <paramref name="text"/> with every format (the last success wins); the failure names the value.</summary>
    public IngestFailure? TryParse(IngestDocument document, string? text, out ZonedDateTimeValue value)
    {
        if (_onlyIso8601 is not null && text is not null && ReferenceEquals(text, document.LastPrintedDate.Text))
        {
            value = _onlyIso8601.ReadBack(document.LastPrintedDate);
            return null;
        }
        value = default;
        var resolved = _constant ?? Resolve(document);
        IngestFailure? last = resolved.Error;
        var parsed = false;
        if (resolved.Parsers is { } parsers && text is not null)
        {
            foreach (var parser in parsers)
            {
                var failure = parser.TryParse(text, out var candidate);
                if (failure is null)
                {
                    value = candidate;
                    parsed = true;
                }
                else
                {
                    last = failure;
                }
            }
        }
        if (parsed) return null;
        return IngestFailure.IllegalArgument($"unable to parse date [{text ?? "null"}]", last);
    }

    private Resolved Resolve(IngestDocument document)
    {
        var key = (_timezone?.Render(document), _locale?.Render(document));
        if (_byTemplate.TryGetValue(key, out var cached)) return cached;
        var built = Build(key.Item1, key.Item2);
        if (_byTemplate.Count < 256) _byTemplate[key] = built;
        return built;
    }
}
