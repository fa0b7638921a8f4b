using System.Text.Json.Nodes;

namespace Backfill.Local.Asl.Intrinsics.Functions;

/// <summary>States.UUID(): a random version 4 UUID.</summary>
public sealed class UuidFunction : IntrinsicFunction
{
    public override string Name => "States.UUID";
    public override int MinArguments => 0;
    public override int MaxArguments => 0;

    public override JsonNode? Invoke(IntrinsicArguments args)
    {
        Span<byte> bytes = stackalloc byte[16];
        args.Runtime.Random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (Guid stores the version in byte 7)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return JsonValue.Create(new Guid(bytes).ToString("D"));
    }
}
