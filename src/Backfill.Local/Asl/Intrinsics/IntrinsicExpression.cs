using System.Text.Json.Nodes;
using Backfill.Local.Asl.Paths;

namespace Backfill.Local.Asl.Intrinsics;

/// <summary>An argument of an intrinsic function call: a literal, a JSONPath, or a nested call.</summary>
public abstract class IntrinsicArgument
{
    public abstract string Text { get; }
}

/// <summary>A literal: 'string' (with its escaped source kept for States.Format), number, true, false or null.</summary>
public sealed class LiteralArgument(JsonNode? value, string text, string? rawString = null) : IntrinsicArgument
{
    public JsonNode? Value { get; } = value;
    public override string Text { get; } = text;

    /// <summary>For string literals: the characters between the quotes before unescaping (States.Format reads \{ and \}).</summary>
    public string? RawString { get; } = rawString;
}

/// <summary><c>$.x</c> on the state's input, or <c>$$.x</c> on the context object.</summary>
public sealed class PathArgument(JsonPath path) : IntrinsicArgument
{
    public JsonPath Path { get; } = path;
    public override string Text => Path.Text;
}

/// <summary><c>States.Name(arg, …)</c>.</summary>
public sealed class IntrinsicCall(IntrinsicFunction function, IReadOnlyList<IntrinsicArgument> arguments, string text) : IntrinsicArgument
{
    public IntrinsicFunction Function { get; } = function;
    public IReadOnlyList<IntrinsicArgument> Arguments { get; } = arguments;
    public override string Text { get; } = text;
}

public sealed class IntrinsicSyntaxException(string expression, int position, string problem)
    : Exception($"invalid intrinsic function call '{expression}' at character {position + 1}: {problem}");

/// <summary>An intrinsic function rejected its arguments at run time (reported as States.Runtime).</summary>
public sealed class IntrinsicEvaluationException(string message) : Exception(message);
