using System.Text.Json;

namespace Backfill.Aws.Json;

/// <summary>What a typed client needs to know about its service to talk to it.</summary>
/// <param name="DisplayName">Used in error messages, e.g. "Step Functions".</param>
/// <param name="SigningName">SigV4 service name, e.g. "states".</param>
/// <param name="EndpointPrefix">Regional endpoint host prefix, e.g. "states" (https://states.us-east-1.amazonaws.com).</param>
/// <param name="Json">Member naming of the service's bodies.</param>
/// <param name="TargetPrefix">JSON 1.0 / 1.1 services: the X-Amz-Target prefix, e.g. "AWSStepFunctions"; null for REST-JSON.</param>
/// <param name="JsonContentType">JSON 1.0: "application/x-amz-json-1.0"; REST-JSON: "application/json".</param>
public sealed record AwsServiceInfo(
    string DisplayName,
    string SigningName,
    string EndpointPrefix,
    JsonSerializerOptions Json,
    string? TargetPrefix,
    string JsonContentType);
