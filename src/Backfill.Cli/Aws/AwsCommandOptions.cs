using System.CommandLine;
using Backfill.Aws;
using Backfill.Core.Errors;

namespace Backfill.Cli.Aws;

/// <summary>
/// --endpoint-url, --region and --profile, shared by every command that calls AWS, and how they become
/// <see cref="AwsClientOptions"/>. A command that addresses an ARN defaults the region to the ARN's own.
/// </summary>
public sealed class AwsCommandOptions
{
    public Option<string?> EndpointUrl { get; } = new("--endpoint-url") { Description = "Send AWS requests here instead of the regional endpoint (e.g. LocalStack)" };
    public Option<string?> Region { get; } = new("--region") { Description = "AWS region (default: AWS_REGION, the profile's region, or the ARN's region)" };
    public Option<string?> Profile { get; } = new("--profile") { Description = "Named profile from ~/.aws/config or ~/.aws/credentials" };

    public void AddTo(Command command)
    {
        command.Options.Add(EndpointUrl);
        command.Options.Add(Region);
        command.Options.Add(Profile);
    }

    /// <param name="arnRegion">The region of the ARN the command addresses, used when --region is not given.</param>
    public AwsClientOptions Resolve(ParseResult parse, string? arnRegion = null)
    {
        var endpoint = parse.GetValue(EndpointUrl);
        Uri? endpointUri = null;
        if (endpoint is not null && (!Uri.TryCreate(endpoint, UriKind.Absolute, out endpointUri) || endpointUri.Scheme is not ("http" or "https")))
            throw new BackfillException($"--endpoint-url \"{endpoint}\": expected an http(s) URL such as http://localhost:4566");
        return new AwsClientOptions
        {
            EndpointUrl = endpointUri,
            Region = parse.GetValue(Region) ?? arnRegion,
            Profile = parse.GetValue(Profile),
        };
    }
}
