namespace Backfill.Local.Asl.Tasks;

/// <summary>What kind of thing a Task's Resource names.</summary>
public enum TaskResourceKind
{
    /// <summary><c>arn:aws:states:::lambda:invoke</c>: Parameters carry FunctionName and Payload; the output wraps the result.</summary>
    LambdaInvoke,

    /// <summary><c>arn:aws:lambda:…:function:Name</c>: the function gets the effective input, its result is the output.</summary>
    LambdaFunction,

    /// <summary>Another <c>arn:aws:states:::service:action</c> integration.</summary>
    ServiceIntegration,

    /// <summary>Anything else (an activity ARN, a name): resolved by its exact text.</summary>
    Other,
}

/// <summary>A Task's Resource, classified once at load time.</summary>
public sealed record TaskResource(string Text, TaskResourceKind Kind, string ResourceType, string ResourceName, string? Pattern)
{
    public static TaskResource Parse(string text)
    {
        const string integrationPrefix = "arn:aws:states:::";
        if (text.StartsWith(integrationPrefix, StringComparison.Ordinal))
        {
            var rest = text[integrationPrefix.Length..];
            var colon = rest.IndexOf(':');
            var service = colon < 0 ? rest : rest[..colon];
            var action = colon < 0 ? "" : rest[(colon + 1)..];
            string? pattern = null;
            var dot = action.IndexOf('.');
            if (dot >= 0)
            {
                pattern = action[(dot + 1)..];
                action = action[..dot];
            }
            var kind = service == "lambda" && action == "invoke" ? TaskResourceKind.LambdaInvoke : TaskResourceKind.ServiceIntegration;
            return new TaskResource(text, kind, service, action, pattern);
        }
        if (text.StartsWith("arn:", StringComparison.Ordinal) && TaskHandlerRegistry.FunctionName(text) is { } function)
            return new TaskResource(text, TaskResourceKind.LambdaFunction, "lambda", function, null);
        return new TaskResource(text, TaskResourceKind.Other, "local", text, null);
    }
}
