using Backfill.Local.Asl.Intrinsics.Functions;

namespace Backfill.Local.Asl.Intrinsics;

/// <summary>Every intrinsic function Step Functions defines for JSONPath states, by name.</summary>
public static class IntrinsicFunctions
{
    private static readonly Dictionary<string, IntrinsicFunction> ByName = new IntrinsicFunction[]
    {
        new FormatFunction(), new StringToJsonFunction(), new JsonToStringFunction(),
        new ArrayFunction(), new ArrayPartitionFunction(), new ArrayContainsFunction(), new ArrayRangeFunction(),
        new ArrayGetItemFunction(), new ArrayLengthFunction(), new ArrayUniqueFunction(),
        new Base64EncodeFunction(), new Base64DecodeFunction(), new HashFunction(), new JsonMergeFunction(),
        new MathRandomFunction(), new MathAddFunction(), new StringSplitFunction(), new UuidFunction(),
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static IEnumerable<string> Names => ByName.Keys;

    public static IntrinsicFunction? Find(string name) => ByName.GetValueOrDefault(name);
}
