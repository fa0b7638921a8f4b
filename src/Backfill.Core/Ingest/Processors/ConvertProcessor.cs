using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Backfill.Core.Ingest.Documents;
using Backfill.Core.Ingest.Pipeline;

namespace Backfill.Core.Ingest.Processors;

/// <summary>
/// <c>convert</c>: converts <c>field</c> (or each item of a list) to integer, long, float, double, boolean,
/// string, ip (validated, kept as text) or auto, into <c>target_field</c>; Java's parsing rules and messages
/// ("unable to convert [x] to integer").
/// </summary>
internal sealed class ConvertProcessor : IngestProcessor
{
    private enum TargetType { Integer, Long, Float, Double, Boolean, String, Ip, Auto }

    private readonly FieldPath _field;
    private readonly FieldPath _target;
    private readonly TargetType _type;
    private readonly string _typeName;
    private readonly bool _ignoreMissing;
    private readonly string? _inPlaceKey;

    private ConvertProcessor(ProcessorConfig config) : base(config)
    {
        var field = config.RequiredString("field");
        _field = ParsePath(config, "field", field);
        _typeName = config.RequiredString("type");
        _target = ParsePath(config, "target_field", config.String("target_field", field));
        _type = _typeName.ToLowerInvariant() switch
        {
            "integer" => TargetType.Integer,
            "long" => TargetType.Long,
            "float" => TargetType.Float,
            "double" => TargetType.Double,
            "boolean" => TargetType.Boolean,
            "string" => TargetType.String,
            "ip" => TargetType.Ip,
            "auto" => TargetType.Auto,
            _ => throw config.Error("type", $"type [{_typeName}] not supported, cannot convert field."),
        };
        _typeName = _typeName.ToLowerInvariant();
        _ignoreMissing = config.Boolean("ignore_missing", false);
        if (_target.Path == _field.Path) _inPlaceKey = _field.SimpleSourceKey;
    }

    public static IngestProcessor Create(ProcessorConfig config) => new ConvertProcessor(config);

    internal static FieldPath ParsePath(ProcessorConfig config, string property, string path)
        => FieldPath.TryParse(path, out var parsed, out var error) ? parsed : throw config.Error(property, error);

    public override IngestFailure? Execute(IngestDocument document)
    {
        if (_inPlaceKey is not null)
        {
            // A plain top-level field converted in place (the usual case): one lookup instead of a read and a write.
            ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(document.Source, _inPlaceKey);
            if (!Unsafe.IsNullRef(ref slot) && slot is not null and not List<object?>)
            {
                var inPlaceFailure = Convert(slot, out var inPlace);
                if (inPlaceFailure is not null) return inPlaceFailure;
                slot = inPlace;
                return null;
            }
        }
        var failure = DocumentAccess.TryGet(document, _field, _ignoreMissing, out var value);
        if (failure is not null) return failure;
        if (value is null)
        {
            if (_ignoreMissing) return null;
            return IngestFailure.IllegalArgument($"Field [{_field.Path}] is null, cannot be converted to type [{_typeName}]");
        }
        object? converted;
        if (value is List<object?> list)
        {
            var convertedList = new List<object?>(list.Count);
            foreach (var item in list)
            {
                failure = Convert(item, out var convertedItem);
                if (failure is not null) return failure;
                convertedList.Add(convertedItem);
            }
            converted = convertedList;
        }
        else
        {
            failure = Convert(value, out converted);
            if (failure is not null) return failure;
        }
        return DocumentAccess.Set(document, _target, converted);
    }

    private IngestFailure? Convert(object? value, out object? result)
    {
        result = null;
        switch (_type)
        {
            case TargetType.Integer:
                if (TryInteger(value, out var i)) { result = JavaNumbers.Box(i); return null; }
                return IngestFailure.IllegalArgument($"unable to convert [{JavaText.ToString(value)}] to integer", NumberFormat(value));
            case TargetType.Long:
                if (TryLong(value, out var l)) { result = l; return null; }
                return IngestFailure.IllegalArgument($"unable to convert [{JavaText.ToString(value)}] to long", NumberFormat(value));
            case TargetType.Float:
                if (JavaNumbers.TryParseFloat(JavaText.ToString(value), out var f)) { result = f; return null; }
                return IngestFailure.IllegalArgument($"unable to convert [{JavaText.ToString(value)}] to float", NumberFormat(value));
            case TargetType.Double:
                if (JavaNumbers.TryParseDouble(JavaText.ToString(value), out var d)) { result = d; return null; }
                return IngestFailure.IllegalArgument($"unable to convert [{JavaText.ToString(value)}] to double", NumberFormat(value));
            case TargetType.Boolean:
                if (TryBoolean(value, out var b)) { result = b; return null; }
                return IngestFailure.IllegalArgument($"[{JavaText.ToString(value)}] is not a boolean value, cannot convert to boolean");
            case TargetType.String:
                result = JavaText.ToString(value);
                return null;
            case TargetType.Ip:
                var text = JavaText.ToString(value);
                if (IsInetAddress(text)) { result = text; return null; }
                return IngestFailure.IllegalArgument($"[{text}] is not a valid ipv4/ipv6 address");
            default:
                result = Auto(value);
                return null;
        }
    }

    private static IngestFailure NumberFormat(object? value)
        => new("number_format_exception", $"For input string: \"{JavaText.ToString(value)}\"");

    private static bool TryInteger(object? value, out int result)
    {
        if (value is string s)
        {
            if (s.StartsWith("0x", StringComparison.Ordinal) || s.StartsWith("-0x", StringComparison.Ordinal))
            {
                var ok = JavaNumbers.TryDecodeHex(s, int.MinValue, int.MaxValue, out var decoded);
                result = (int)decoded;
                return ok;
            }
            return JavaNumbers.TryParseInt(s, out result);
        }
        return JavaNumbers.TryParseInt(JavaText.ToString(value), out result);
    }

    private static bool TryLong(object? value, out long result)
    {
        var s = JavaText.ToString(value);
        if (s.StartsWith("0x", StringComparison.Ordinal) || s.StartsWith("-0x", StringComparison.Ordinal))
            return JavaNumbers.TryDecodeHex(s, long.MinValue, long.MaxValue, out result);
        return JavaNumbers.TryParseLong(s, out result);
    }

    private static bool TryBoolean(object? value, out bool result)
    {
        var s = JavaText.ToString(value);
        result = s.Equals("true", StringComparison.OrdinalIgnoreCase);
        return result || s.Equals("false", StringComparison.OrdinalIgnoreCase);
    }

    // OpenSearch's AUTO: strings become boolean, integer, long, float (or double) when they parse; others stay.
    private static object? Auto(object? value)
    {
        if (value is not string) return value;
        if (TryBoolean(value, out var b)) return b;
        if (TryInteger(value, out var i)) return JavaNumbers.Box(i);
        if (TryLong(value, out var l)) return l;
        if (JavaNumbers.TryParseFloat((string)value, out var f)) return f;
        if (JavaNumbers.TryParseDouble((string)value, out var d)) return d;
        return value;
    }

    // InetAddresses.isInetAddress: dotted-quad IPv4 without leading zeros, or an IPv6 literal.
    internal static bool IsInetAddress(string text)
    {
        if (text.Contains(':'))
            return IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;
        var parts = text.Split('.');
        if (parts.Length != 4) return false;
        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3) return false;
            if (part.Length > 1 && part[0] == '0') return false;
            foreach (var c in part) if (!char.IsAsciiDigit(c)) return false;
            if (int.Parse(part) > 255) return false;
        }
        return true;
    }
}
