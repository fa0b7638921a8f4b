using System.Text.Json.Nodes;
using Backfill.Local.Asl.Json;

namespace Backfill.Local.Asl.Intrinsics;

/// <summary>
/// One intrinsic function (States.Format, States.ArrayRange, …): its name, how many arguments it takes (checked
/// when the definition is parsed) and what it computes from evaluated arguments.
/// </summary>
public abstract class IntrinsicFunction
{
    public abstract string Name { get; }
    public abstract int MinArguments { get; }

    /// <summary>-1 for "any number".</summary>
    public abstract int MaxArguments { get; }

    public abstract JsonNode? Invoke(IntrinsicArguments args);

    protected static IntrinsicEvaluationException Fail(string message) => new(message);
}

/// <summary>Evaluated arguments with typed accessors that report AWS-style argument errors.</summary>
public sealed class IntrinsicArguments(IntrinsicCall call, IReadOnlyList<JsonNode?> values, IntrinsicRuntime runtime)
{
    public IntrinsicCall Call { get; } = call;
    public int Count => values.Count;
    public IntrinsicRuntime Runtime { get; } = runtime;
    public JsonNode? this[int index] => values[index];

    public string String(int index)
    {
        if (JsonValues.TryGetString(values[index], out var s)) return s;
        throw Mismatch(index, "a string");
    }

    public JsonArray Array(int index) => values[index] as JsonArray ?? throw Mismatch(index, "an array");

    public JsonObject Object(int index) => values[index] as JsonObject ?? throw Mismatch(index, "a JSON object");

    public bool Boolean(int index)
    {
        if (JsonValues.TryGetBoolean(values[index], out var b)) return b;
        throw Mismatch(index, "a boolean");
    }

    /// <summary>An integer argument; non-integral numbers are rejected.</summary>
    public long Integer(int index)
    {
        if (JsonValues.TryGetInteger(values[index], out var l)) return l;
        throw Mismatch(index, "an integer");
    }

    public double Number(int index)
    {
        if (JsonValues.TryGetDouble(values[index], out var d)) return d;
        throw Mismatch(index, "a number");
    }

    public IntrinsicEvaluationException Mismatch(int index, string expected) =>
        new($"The value of argument {index + 1} ('{Call.Arguments[index].Text}') of {Call.Function.Name} must be {expected}, " +
            $"but it is {JsonValues.TypeName(values[index])} {JsonValues.Preview(values[index], 100)}.");
}

/// <summary>What intrinsic functions may need from the engine: randomness (UUID, MathRandom).</summary>
public sealed class IntrinsicRuntime(Func<Random> random)
{
    public static IntrinsicRuntime Default { get; } = new(() => Random.Shared);
    public Random Random => random();
}
