using System.Text.Json.Nodes;

namespace Backfill.Local.Asl.Intrinsics.Functions;

/// <summary>States.StringSplit(text, delimiters): splits on any of the delimiter characters and drops empty pieces.</summary>
public sealed class StringSplitFunction : IntrinsicFunction
{
    public override string Name => "States.StringSplit";
    public override int MinArguments => 2;
    public override int MaxArguments => 2;

    public override JsonNode? Invoke(IntrinsicArguments args)
    {
        var text = args.String(0);
        var delimiters = args.String(1).ToCharArray();
        var result = new JsonArray();
        foreach (var piece in text.Split(delimiters, StringSplitOptions.RemoveEmptyEntries)) result.Add(JsonValue.Create(piece));
        return result;
    }
}
