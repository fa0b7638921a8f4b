using System.Text.Json.Nodes;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Intrinsics;

namespace Backfill.Local.Asl.Templates;

/// <summary>
/// What a template or dynamic value is evaluated against: the state's (effective) input, the context object
/// (built only when a <c>$$</c> path asks for it) and the state, for error messages.
/// </summary>
public sealed class EvaluationScope(JsonNode? input, Func<JsonNode?> context, StateSite site, IntrinsicRuntime runtime)
{
    private JsonNode? _context;
    private bool _contextBuilt;

    public JsonNode? Input { get; } = input;
    public StateSite Site { get; } = site;
    public IntrinsicRuntime Runtime { get; } = runtime;

    public JsonNode? Context
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

    /// <summary>The same context and site over another input (e.g. ResultSelector runs over the task result).</summary>
    public EvaluationScope WithInput(JsonNode? other) => new(other, () => Context, Site, Runtime);
}
