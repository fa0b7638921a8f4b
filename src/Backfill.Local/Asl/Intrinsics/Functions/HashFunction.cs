using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Backfill.Local.Asl.Json;

namespace Backfill.Local.Asl.Intrinsics.Functions;

/// <summary>States.Hash(data, algorithm): lower-case hex digest; MD5, SHA-1, SHA-256, SHA-384 or SHA-512.</summary>
public sealed class HashFunction : IntrinsicFunction
{
    public override string Name => "States.Hash";
    public override int MinArguments => 2;
    public override int MaxArguments => 2;

    public override JsonNode? Invoke(IntrinsicArguments args)
    {
        var data = JsonValues.TryGetString(args[0], out var s) ? s : JsonValues.ToJson(args[0]);
        if (data.Length > 10_000) throw Fail("The data of States.Hash is longer than 10000 characters.");
        var bytes = Encoding.UTF8.GetBytes(data);
        var algorithm = args.String(1);
        var digest = algorithm switch
        {
            "MD5" => MD5.HashData(bytes),
            "SHA-1" => SHA1.HashData(bytes),
            "SHA-256" => SHA256.HashData(bytes),
            "SHA-384" => SHA384.HashData(bytes),
            "SHA-512" => SHA512.HashData(bytes),
            _ => throw Fail($"States.Hash does not support the algorithm '{algorithm}' (expected MD5, SHA-1, SHA-256, SHA-384 or SHA-512)."),
        };
        return JsonValue.Create(Convert.ToHexStringLower(digest));
    }
}
