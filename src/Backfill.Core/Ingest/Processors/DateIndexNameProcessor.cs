using Backfill.Core.Ingest.Dates;
using Backfill.Core.Ingest.Documents;
using Backfill.Core.Ingest.Pipeline;

namespace Backfill.Core.Ingest.Processors;

/// <summary>
/// <c>date_index_name</c>: parses <c>field</c> with <c>date_formats</c> and routes the document to
/// <c>index_name_prefix</c> + the date rounded down by <c>date_rounding</c> (y M w d h H m s) and printed with
/// <c>index_name_format</c>, in <c>timezone</c>. OpenSearch writes the date-math expression
/// <c>&lt;prefix{date||/unit{format|zone}}&gt;</c> and resolves it when indexing; we resolve it here
/// (<see cref="IngestDocument.Index"/> gets the concrete name), caching the last name since consecutive log
/// lines almost always land in the same index.
/// </summary>
internal sealed class DateIndexNameProcessor : IngestProcessor
{
    private const string DefaultDateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSXX";

    private readonly FieldPath _field;
    private readonly DateParserSet _parsers;
    private readonly IngestZone _zone;
    private readonly TemplateString _prefix;
    private readonly TemplateString _rounding;
    private readonly TemplateString _format;
    private readonly OpenSearchDateFormat? _constantFormat;
    private readonly RecentEntries<CachedName> _recentNames = new();

    private sealed record CachedName(string Prefix, string Rounding, string Format, long From, long To, string Name);

    private DateIndexNameProcessor(ProcessorConfig config) : base(config)
    {
        var locale = config.OptionalString("locale");
        var timezone = config.OptionalString("timezone");
        _zone = IngestZone.Utc;
        if (timezone is not null && !IngestZone.TryParse(timezone, out _zone, out var zoneError)) throw config.Error("timezone", zoneError);
        var dateLocale = DateLocale.English;
        if (locale is not null && !DateLocale.TryParse(locale, out dateLocale, out var localeError)) throw config.Error("locale", localeError);
        var formats = config.OptionalStringList("date_formats") ?? [DefaultDateFormat];
        try
        {
            _parsers = new DateParserSet(formats, timezone, locale ?? "en", dateLocale);
        }
        catch (ArgumentException e)
        {
            throw config.Error("date_formats", e.Message);
        }
        _field = ConvertProcessor.ParsePath(config, "field", config.RequiredString("field"));
        _prefix = Compile(config, "index_name_prefix", config.String("index_name_prefix", ""));
        var rounding = config.RequiredString("date_rounding");
        _rounding = Compile(config, "date_rounding", rounding);
        if (_rounding.ConstantValue is { } constantRounding && !IsRounding(constantRounding))
            throw config.Error("date_rounding", $"[{constantRounding}] is not a date rounding; expected one of y, M, w, d, h, H, m, s");
        _format = Compile(config, "index_name_format", config.String("index_name_format", "yyyy-MM-dd"));
        if (_format.ConstantValue is { } constantFormat)
        {
            try
            {
                _constantFormat = OpenSearchDateFormat.Create(constantFormat, DateLocale.Root);
            }
            catch (ArgumentException e)
            {
                throw config.Error("index_name_format", e.Message);
            }
        }
    }

    public static IngestProcessor Create(ProcessorConfig config) => new DateIndexNameProcessor(config);

    private static TemplateString Compile(ProcessorConfig config, string property, string value)
    {
        try
        {
            return TemplateString.Compile(value);
        }
        catch (ArgumentException e)
        {
            throw config.Error(property, e.Message);
        }
    }

    private static bool IsRounding(string value) => value.Length == 1 && DateRounding.IsUnit(value[0]);

    public override IngestFailure? Execute(IngestDocument document)
    {
        var failure = DocumentAccess.TryGet(document, _field, out var raw);
        if (failure is not null) return failure;
        var text = raw is null ? null : raw as string ?? JavaText.ToString(raw);
        failure = _parsers.TryParse(document, text, out var date);
        if (failure is not null) return failure;

        var prefix = _prefix.Render(document);
        var rounding = _rounding.Render(document);
        var formatText = _format.Render(document);
        OpenSearchDateFormat format;
        if (_constantFormat is not null)
        {
            format = _constantFormat;
        }
        else
        {
            try
            {
                format = OpenSearchDateFormat.Create(formatText, DateLocale.Root);
            }
            catch (ArgumentException e)
            {
                return IngestFailure.IllegalArgument(e.Message);
            }
        }

        // Consecutive log lines almost always fall in the same period: reuse a recent name while the date stays
        // within the span in which its printed anchor cannot change.
        foreach (var recent in _recentNames.Entries)
        {
            if (recent is null || date.EpochSecond < recent.From || date.EpochSecond >= recent.To
                || recent.Prefix != prefix || recent.Rounding != rounding || recent.Format != formatText)
                continue;
            document.Index = recent.Name;
            return null;
        }
        if (!IsRounding(rounding)) return IngestFailure.IllegalArgument($"unit [{rounding}] not supported for date math");

        // What OpenSearch does: print the date with the format into <prefix{date||/unit{format|zone}}>, then
        // resolve that expression (parse the printed date back, round it down, print it again).
        var anchor = format.Format(date);
        if (!DateMathIndexName.TryParseAnchor(anchor, format, _zone, out var anchorDate))
            return new IngestFailure("parse_exception", $"failed to parse date field [{anchor}] with format [{formatText}]");
        var rounded = DateRounding.RoundDown(anchorDate, rounding[0]);
        var name = prefix + format.Format(rounded.WithZoneSameInstant(_zone));

        long from = long.MaxValue, to = long.MinValue; // an empty span: no reuse
        if (format.ConstantWithin(date.Zone.IsFixed) is { } unit)
        {
            var start = DateRounding.RoundDown(date, unit);
            from = start.EpochSecond;
            to = DateRounding.Add(start, 1, unit).EpochSecond;
        }
        if (from < to) _recentNames.Add(new CachedName(prefix, rounding, formatText, from, to, name));
        document.Index = name;
        return null;
    }

    /// <summary>The expression OpenSearch's processor would write to <c>_index</c> (for diagnostics and tests).</summary>
    internal string ExpressionFor(string prefix, string anchor, string rounding, string format)
        => $"<{prefix}{{{anchor}||/{rounding}{{{format}|{(_zone.IsUtcOffset ? "UTC" : _zone.Id)}}}}}>";
}
