using System.Text.Json.Nodes;
using Backfill.Local.Asl.Json;

namespace Backfill.Local.Asl.Intrinsics.Functions;

/// <summary>States.JsonToString(value): compact JSON text of any value.</summary>
public sealed class JsonToStringFunction : IntrinsicFunction
{
    public override string Name => "States.JsonToString";
    public override int MinArguments => 1;
    public override int MaxArguments => 1;

    public override JsonNode? Invoke(IntrinsicArguments args) => JsonValue.Create(JsonValues.ToJson(args[0]));
}
