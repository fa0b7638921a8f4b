using System.Text;
using System.Text.Json.Nodes;

namespace Backfill.Local.Asl.Intrinsics.Functions;

/// <summary>States.Base64Decode(base64): the decoded bytes as UTF-8 text; input limited to 10,000 characters.</summary>
public sealed class Base64DecodeFunction : IntrinsicFunction
{
    public override string Name => "States.Base64Decode";
    public override int MinArguments => 1;
    public override int MaxArguments => 1;

    public override JsonNode? Invoke(IntrinsicArguments args)
    {
        var text = args.String(0);
        if (text.Length > 10_000) throw Fail("The input of States.Base64Decode is longer than 10000 characters.");
        try
        {
            return JsonValue.Create(Encoding.UTF8.GetString(Convert.FromBase64String(text)));
        }
        catch (FormatException)
        {
            throw Fail("The input of States.Base64Decode is not valid Base64.");
        }
    }
}
