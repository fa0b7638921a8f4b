using System.Text.Json.Nodes;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Execution;
using Backfill.Local.Asl.Intrinsics;
using Backfill.Local.Asl.Paths;

namespace Backfill.Local.Asl.Templates;

/// <summary>
/// What a template or dynamic value is evaluated against: the state's (effective) input, the context object
/// (built only when a <c>$$</c> path asks for it) and the state, for error messages.
/// </summary>
public sealed class EvaluationScope(JsonNode? input, Func<ContextObject?> context, StateSite site, IntrinsicRuntime runtime) : IPathResolver
{
    private ContextObject? _context;
    private bool _contextBuilt;

    public JsonNode? Input { get; } = input;
    public StateSite Site { get; } = site;
    public IntrinsicRuntime Runtime { get; } = runtime;

    public ContextObject? Context
    {
        get
        {
            if (!_contextBuilt)
            {
                _context = context();
                _contextBuilt = true;
            }
            return _context;
        }
    }

    public bool TryResolve(JsonPath path, out JsonNode? value, out JsonNode? root)
    {
        if (!path.IsContextPath)
        {
            root = Input;
            return path.TryEvaluate(Input, out value);
        }
        if (Context is { } contextObject) return contextObject.TryEvaluate(path, out value, out root);
        root = null;
        return path.TryEvaluate(null, out value);
    }

    public bool TryResolve(JsonPath path, out JsonNode? value) => TryResolve(path, out value, out _);
}
