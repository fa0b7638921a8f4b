using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Backfill.Aws.Json;

/// <summary>
/// Reads an AWS JSON-protocol error response. The code comes from the x-amzn-ErrorType header (REST-JSON; may carry
/// ":http://…" after the code) or the body's "__type" / "code" (JSON 1.0; may carry a "namespace#" before it); the
/// message from "message" / "Message". A body that is not JSON (a proxy's HTML page) still yields a code from the
/// HTTP status.
/// </summary>
public static class AwsErrorParser
{
    public static AwsErrorDetails Parse(string service, string operation, HttpStatusCode status, HttpResponseHeaders headers, ReadOnlySpan<byte> body)
    {
        string? code = HeaderValue(headers, "x-amzn-ErrorType");
        string? message = null;
        if (body.Length > 0)
        {
            try
            {
                using var document = JsonDocument.Parse(body.ToArray());
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        if (property.Value.ValueKind != JsonValueKind.String) continue;
                        switch (property.Name)
                        {
                            case "__type" or "code" or "Code" when code is null:
                                code = property.Value.GetString();
                                break;
                            case "message" or "Message" or "errorMessage":
                                message ??= property.Value.GetString();
                                break;
                        }
                    }
                }
            }
            catch (JsonException)
            {
                message = Snippet(body);
            }
        }
        return new AwsErrorDetails(service, operation, status, CleanCode(code) ?? CodeFor(status), message,
            HeaderValue(headers, "x-amzn-RequestId") ?? HeaderValue(headers, "x-amz-request-id"));
    }

    /// <summary>"com.amazonaws.swf#ExecutionDoesNotExist" and "ResourceNotFoundException:http://internal…" → the bare code.</summary>
    public static string? CleanCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        var colon = code.IndexOf(':');
        if (colon >= 0) code = code[..colon];
        var hash = code.LastIndexOf('#');
        if (hash >= 0) code = code[(hash + 1)..];
        code = code.Trim();
        return code.Length == 0 ? null : code;
    }

    private static string CodeFor(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => "BadRequest",
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => "AccessDenied",
        HttpStatusCode.NotFound => "NotFound",
        HttpStatusCode.Conflict => "Conflict",
        HttpStatusCode.TooManyRequests => "TooManyRequestsException",
        HttpStatusCode.InternalServerError => "InternalFailure",
        HttpStatusCode.ServiceUnavailable => "ServiceUnavailable",
        _ => "Http" + (int)status,
    };

    private static string? HeaderValue(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string Snippet(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)]);
        return string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
