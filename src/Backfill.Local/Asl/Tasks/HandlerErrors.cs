using System.Text.Json.Nodes;
using Backfill.Local.Asl.Json;

namespace Backfill.Local.Asl.Tasks;

/// <summary>
/// Turns a handler's exception into a Step Functions error and cause. As AWS Lambda does, the error is the
/// exception's type name (e.g. <c>FooException</c>) unless the handler threw <see cref="AslTaskException"/>, and for
/// Lambda resources the cause is the function-error payload
/// <c>{"errorType":"FooException","errorMessage":"…","stackTrace":["…"]}</c>; for other resources it is the message.
/// </summary>
public static class HandlerErrors
{
    public static (string Error, string? Cause) Describe(Exception exception, bool lambdaShape, Func<Exception, string>? errorNamer = null)
    {
        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate) exception = aggregate.InnerExceptions[0];
        if (exception is AslTaskException explicitError) return (explicitError.Error, explicitError.Cause);
        var error = errorNamer?.Invoke(exception) ?? exception.GetType().Name;
        if (!lambdaShape) return (error, exception.Message);
        var stack = new JsonArray();
        foreach (var line in (exception.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            stack.Add(JsonValue.Create(line));
        var payload = new JsonObject
        {
            ["errorType"] = error,
            ["errorMessage"] = exception.Message,
            ["stackTrace"] = stack,
        };
        return (error, JsonValues.ToJson(payload));
    }
}
