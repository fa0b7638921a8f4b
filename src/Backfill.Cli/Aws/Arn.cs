using Backfill.Core.Errors;

namespace Backfill.Cli.Aws;

/// <summary>
/// An ARN split into its parts: arn:partition:service:region:account:resource. Commands check the service and
/// resource type up front so that a mistyped ARN fails with a clear message before any AWS call.
/// </summary>
public sealed record Arn(string Partition, string Service, string Region, string Account, string Resource)
{
    /// <summary>True for text that is meant as an ARN (redrive and rerun-failed send anything else to the local executions).</summary>
    public static bool Looks(string text) => text.StartsWith("arn:", StringComparison.Ordinal);

    /// <param name="what">The argument or option, for messages, e.g. "execution ARN".</param>
    /// <param name="resourceType">The resource prefix expected, e.g. "execution" or "stateMachine".</param>
    public static Arn Parse(string text, string service, string resourceType, string what)
    {
        var parts = text.Split(':', 6);
        if (parts.Length < 6 || parts[0] != "arn" || parts[1].Length == 0)
            throw new BackfillException($"{what} \"{text}\" is not an ARN (expected arn:aws:{service}:REGION:ACCOUNT:{resourceType}:…)");
        var arn = new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]);
        // IAM is global (no region) and separates the resource type with '/' (role/name).
        var global = service == "iam";
        var separator = global ? "/" : ":";
        if (arn.Service != service || !arn.Resource.StartsWith(resourceType + separator, StringComparison.Ordinal) ||
            arn.Resource.Length == resourceType.Length + 1 || (arn.Region.Length == 0) != global || arn.Account.Length == 0)
            throw new BackfillException($"{what} \"{text}\" is not a {service} {resourceType} ARN (expected arn:{arn.Partition}:{service}:{(global ? "" : "REGION")}:ACCOUNT:{resourceType}{separator}…)");
        return arn;
    }

    /// <summary>Any resource of <paramref name="service"/> (e.g. an SQS queue, whose resource is just its name).</summary>
    public static Arn ParseAny(string text, string service, string what)
    {
        var parts = text.Split(':', 6);
        if (parts.Length < 6 || parts[0] != "arn" || parts[2] != service || parts[5].Length == 0)
            throw new BackfillException($"{what} \"{text}\" is not a {service} ARN (expected arn:aws:{service}:REGION:ACCOUNT:NAME)");
        return new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]);
    }

    /// <summary>The name after "execution:stateMachine:" / "stateMachine:" / "function:".</summary>
    public string ResourceName => Resource[(Resource.LastIndexOf(':') + 1)..];

    public override string ToString() => $"arn:{Partition}:{Service}:{Region}:{Account}:{Resource}";
}
