using System.Text.Json.Nodes;

namespace Backfill.Local.Asl.Paths;

/// <summary>Resolves paths for evaluation: "$…" against the state's input, "$$…" against the context object.</summary>
public interface IPathResolver
{
    /// <summary>Evaluates <paramref name="path"/>; <paramref name="root"/> is what it was evaluated against (for messages).</summary>
    bool TryResolve(JsonPath path, out JsonNode? value, out JsonNode? root);
}

/// <summary>A resolver over a fixed input and context object.</summary>
public sealed class FixedPathResolver(JsonNode? input, JsonNode? context) : IPathResolver
{
    public bool TryResolve(JsonPath path, out JsonNode? value, out JsonNode? root)
    {
        root = path.IsContextPath ? context : input;
        return path.TryEvaluate(root, out value);
    }
}
