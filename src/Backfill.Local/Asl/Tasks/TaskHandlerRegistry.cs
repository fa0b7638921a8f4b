using System.Text.Json.Nodes;

namespace Backfill.Local.Asl.Tasks;

/// <summary>
/// Maps Task resources to in-process handlers. Register by Lambda function name (<c>DownloadAndSplit</c>), by
/// function ARN, or by any other resource string (<c>arn:aws:states:::s3:putObject</c>). A Lambda function is
/// found by its exact name/ARN first, then by the function name inside an ARN (so
/// <c>arn:aws:lambda:us-east-1:123456789012:function:DownloadAndSplit:live</c> finds <c>DownloadAndSplit</c>).
/// </summary>
public sealed class TaskHandlerRegistry
{
    private readonly Dictionary<string, TaskHandler> _handlers = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Keys => _handlers.Keys;

    public TaskHandlerRegistry Register(string key, TaskHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _handlers[key] = handler;
        return this;
    }

    /// <summary>Registers a synchronous handler.</summary>
    public TaskHandlerRegistry Register(string key, Func<JsonNode?, JsonNode?> handler) =>
        Register(key, (input, _, _) => Task.FromResult(handler(input)));

    public bool TryResolve(string resourceOrFunction, out TaskHandler handler, out string key)
    {
        if (_handlers.TryGetValue(resourceOrFunction, out handler!))
        {
            key = resourceOrFunction;
            return true;
        }
        var name = FunctionName(resourceOrFunction);
        if (name is not null)
        {
            foreach (var (candidate, candidateHandler) in _handlers)
            {
                if (FunctionName(candidate) == name || candidate == name)
                {
                    handler = candidateHandler;
                    key = candidate;
                    return true;
                }
            }
        }
        handler = null!;
        key = "";
        return false;
    }

    /// <summary>
    /// The function name in a Lambda function reference: a full ARN (arn:aws:lambda:region:account:function:name[:qualifier]),
    /// a partial ARN (account:function:name) or a bare name (name[:qualifier]). Null for other resources.
    /// </summary>
    public static string? FunctionName(string reference)
    {
        var parts = reference.Split(':');
        if (reference.StartsWith("arn:", StringComparison.Ordinal))
            return parts.Length >= 7 && parts[2] == "lambda" && parts[5] == "function" ? parts[6] : null;
        if (parts.Length >= 3 && parts[1] == "function") return parts[2];
        if (reference.Contains('/') || reference.Contains("${", StringComparison.Ordinal)) return null;
        return parts[0];
    }

    public string Describe() => _handlers.Count == 0 ? "none registered" : string.Join(", ", _handlers.Keys.Order(StringComparer.Ordinal));
}
