using Backfill.Core.Ingest.Dates;
using Backfill.Core.Ingest.Documents;
using Backfill.Core.Ingest.Pipeline;

namespace Backfill.Core.Ingest.Processors;

/// <summary>
/// <c>date</c>: parses <c>field</c> with <c>formats</c> (Java patterns such as <c>dd/MMM/yyyy:HH:mm:ss Z</c>,
/// <c>ISO8601</c>, <c>UNIX</c>, <c>UNIX_MS</c>, <c>TAI64N</c>) in <c>timezone</c>/<c>locale</c> and writes it to
/// <c>target_field</c> (default <c>@timestamp</c>) in <c>output_format</c> (default
/// <c>yyyy-MM-dd'T'HH:mm:ss.SSSXXX</c>).
/// </summary>
internal sealed class DateProcessor : IngestProcessor
{
    public const string DefaultOutputFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

    private readonly FieldPath _field;
    private readonly FieldPath _target;
    private readonly DateParserSet _parsers;
    private readonly OpenSearchDateFormat _output;
    private readonly bool _printsDefaultForm;

    private DateProcessor(ProcessorConfig config) : base(config)
    {
        _field = ConvertProcessor.ParsePath(config, "field", config.RequiredString("field"));
        _target = ConvertProcessor.ParsePath(config, "target_field", config.String("target_field", "@timestamp"));
        var timezone = config.OptionalString("timezone");
        var locale = config.OptionalString("locale");
        var formats = config.RequiredStringList("formats");
        if (formats.Count == 0) throw config.Error("formats", "List of formats must not be empty");
        var outputFormat = config.String("output_format", DefaultOutputFormat);
        _printsDefaultForm = outputFormat == DefaultOutputFormat;
        try
        {
            _output = OpenSearchDateFormat.Create(outputFormat, DateLocale.Root);
        }
        catch (ArgumentException e)
        {
            throw config.Error("output_format", $"invalid output format [{outputFormat}]: {e.Message}");
        }
        try
        {
            _parsers = new DateParserSet(formats, timezone, locale, DateLocale.Root);
        }
        catch (ArgumentException e)
        {
            throw config.Error("formats", e.Message);
        }
    }

    public static IngestProcessor Create(ProcessorConfig config) => new DateProcessor(config);

    public override IngestFailure? Execute(IngestDocument document)
    {
        var failure = DocumentAccess.TryGet(document, _field, out var raw);
        if (failure is not null) return failure;
        var text = raw is null ? null : raw as string ?? JavaText.ToString(raw);
        failure = _parsers.TryParse(document, text, out var value);
        if (failure is not null) return failure;
        var printed = _output.Format(value);
        if (_printsDefaultForm) document.LastPrintedDate = PrintedDate.Of(printed, value);
        return DocumentAccess.Set(document, _target, printed);
    }
}
