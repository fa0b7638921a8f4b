using System.Text;
using System.Text.Json.Nodes;

namespace Backfill.Local.Asl.Intrinsics.Functions;

/// <summary>States.Base64Encode(text): Base64 of the UTF-8 bytes; input limited to 10,000 characters as in AWS.</summary>
public sealed class Base64EncodeFunction : IntrinsicFunction
{
    public override string Name => "States.Base64Encode";
    public override int MinArguments => 1;
    public override int MaxArguments => 1;

    public override JsonNode? Invoke(IntrinsicArguments args)
    {
        var text = args.String(0);
        if (text.Length > 10_000) throw Fail("The input of States.Base64Encode is longer than 10000 characters.");
        return JsonValue.Create(Convert.ToBase64String(Encoding.UTF8.GetBytes(text)));
    }
}
