using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backfill.Functions.Runtime;

/// <summary>
/// The error document the Runtime API takes for invocation and init errors, which Lambda hands to Step Functions
/// as the task's error (errorType) and cause (the whole document). errorType is the exception's type name, as the
/// local ASL engine names handler errors, so Retry/Catch rules match the same way in both places.
/// </summary>
public sealed record FunctionError(
    [property: JsonPropertyName("errorType")] string ErrorType,
    [property: JsonPropertyName("errorMessage")] string ErrorMessage,
    [property: JsonPropertyName("stackTrace")] IReadOnlyList<string> StackTrace)
{
    public static FunctionError From(Exception exception)
    {
        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate) exception = aggregate.InnerExceptions[0];
        var stack = (exception.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new FunctionError(TypeName(exception), exception.Message, stack);
    }

    /// <summary>The Step Functions error name for an exception thrown by a handler.</summary>
    public static string TypeName(Exception exception) => exception.GetType().Name;

    // Lambda shows the document in the console and Step Functions passes it on as the cause: keep quotes readable.
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);
}
