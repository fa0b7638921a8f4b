using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backfill.Local.Asl.Json;

namespace Backfill.Local.Asl.Intrinsics.Functions;

/// <summary>
/// States.StringToJson(text): parses JSON text; blank text gives null. Numbers come out as Jackson reads them
/// (integers normalised, so "-0" is 0; fractions as doubles).
/// </summary>
public sealed class StringToJsonFunction : IntrinsicFunction
{
    public override string Name => "States.StringToJson";
    public override int MinArguments => 1;
    public override int MaxArguments => 1;

    public override JsonNode? Invoke(IntrinsicArguments args)
    {
        var text = args.String(0);
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            return Normalize(JsonValues.Parse(text));
        }
        catch (JsonException e)
        {
            throw Fail($"States.StringToJson could not parse its argument as JSON: {e.Message}");
        }
    }

    /// <summary>Rebuilds the parsed tree with numbers as Jackson would hold them.</summary>
    private static JsonNode? Normalize(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Normalize(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Normalize).ToArray()),
        _ when JsonValues.IsNumber(node) => NormalizeNumber(node!),
        _ => node?.DeepClone(),
    };

    private static JsonNode NormalizeNumber(JsonNode number)
    {
        var text = JsonValues.NumberText(number)!;
        if (JsonValues.IsIntegralLiteral(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            return JsonValue.Create(l);
        if (!JsonValues.IsIntegralLiteral(text))
            return JsonValues.Parse(JavaText.FormatNumber(text))!;
        return number.DeepClone();
    }
}
