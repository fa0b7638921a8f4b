using System.Text;

namespace Backfill.Aws.Lambda;

public static class InvocationType
{
    public const string RequestResponse = "RequestResponse";
    public const string Event = "Event";
    public const string DryRun = "DryRun";
}

/// <param name="Payload">The event as UTF-8 JSON bytes.</param>
public sealed record InvokeRequest(string FunctionName, byte[]? Payload = null)
{
    public string InvocationType { get; init; } = Lambda.InvocationType.RequestResponse;
    /// <summary>"Tail" to get the last 4 KB of the log in <see cref="InvokeResponse.LogResult"/>.</summary>
    public string? LogType { get; init; }
    public string? ClientContext { get; init; }
    public string? Qualifier { get; init; }

    public static InvokeRequest Json(string functionName, string json) => new(functionName, Encoding.UTF8.GetBytes(json));
}

/// <param name="StatusCode">200 for RequestResponse, 202 for Event, 204 for DryRun.</param>
public sealed record InvokeResponse(int StatusCode, byte[] Payload)
{
    /// <summary>"Handled" or "Unhandled" when the function failed; the payload then holds errorType/errorMessage.</summary>
    public string? FunctionError { get; init; }
    /// <summary>Base64 of the log tail when LogType was Tail.</summary>
    public string? LogResult { get; init; }
    public string? ExecutedVersion { get; init; }

    public string PayloadText => Encoding.UTF8.GetString(Payload);
}
