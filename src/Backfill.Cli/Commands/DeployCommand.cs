using System.CommandLine;
using Backfill.Cli.Aws;

namespace Backfill.Cli.Commands;

/// <summary>
/// `backfill deploy`: update a deployed stack's function code and state machine definition without SAM (the stack
/// itself is created once with `sam deploy`; see README "Deploy to AWS").
/// </summary>
public static class DeployCommand
{
    public static Command Create()
    {
        var stack = new Option<string>("--stack-name") { Description = "The SAM stack name: functions are {stack}-{Handler}, the state machine {stack}-backfill", Required = true };
        var package = new Option<string?>("--package") { Description = $"Deployment zip from `backfill package` (default: {RepositoryLayout.DefaultPackage} in the repository)" };
        var skipCode = new Option<bool>("--skip-code") { Description = "Only update the state machine definition" };
        var definition = new Option<string?>("--definition") { Description = $"State machine definition (default: {RepositoryLayout.Definition} in the repository)" };
        var stateMachine = new Option<string?>("--state-machine") { Description = "State machine ARN (default: derived from the stack name and the functions' account and region)" };
        var stagingBucket = new Option<string?>("--staging-bucket") { Description = "Value of ${StagingBucket} (default: the functions' BACKFILL_STAGING_BUCKET)" };
        var codeBucket = new Option<string?>("--code-bucket") { Description = "Bucket to upload a package over 50 MB through (default: the staging bucket)" };
        var publish = new Option<bool>("--publish") { Description = "Publish new function and state machine versions" };
        var output = OutputFormat.CreateOption();
        var aws = new AwsCommandOptions();
        var command = new Command("deploy", "Update the functions' code and the state machine definition (with its substitutions) of a stack deployed from statemachine/template.yaml.");
        foreach (var option in new Option[] { stack, package, skipCode, definition, stateMachine, stagingBucket, codeBucket, publish, output }) command.Options.Add(option);
        aws.AddTo(command);

        CommandAction.Set(command, async (parse, context, cancellationToken) =>
        {
            var stackName = parse.GetValue(stack)!;
            if (stackName.Length is 0 or > 40 || !char.IsAsciiLetter(stackName[0]) || stackName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-')))
                throw new Core.Errors.BackfillException($"--stack-name \"{stackName}\": expected a CloudFormation stack name of at most 40 letters, digits and '-', starting with a letter (function names add up to 24 characters)");
            var arnText = parse.GetValue(stateMachine);
            var arn = arnText is null ? null : Arn.Parse(arnText, "states", "stateMachine", "--state-machine");
            var options = new StackDeployment.Options(
                stackName,
                parse.GetValue(skipCode) ? null : RepositoryLayout.Resolve(parse.GetValue(package), RepositoryLayout.DefaultPackage, "--package"),
                RepositoryLayout.Resolve(parse.GetValue(definition), RepositoryLayout.Definition, "--definition"))
            {
                StateMachineArn = arn?.ToString(),
                StagingBucket = parse.GetValue(stagingBucket),
                CodeBucket = parse.GetValue(codeBucket),
                Publish = parse.GetValue(publish),
            };
            var client = aws.Resolve(parse, arn?.Region);
            options = options with { S3Options = client with { EndpointUrl = null } };
            using var lambda = AwsClients.Lambda(client);
            using var stepFunctions = AwsClients.StepFunctions(client);
            var changes = await new StackDeployment(lambda, stepFunctions, context.Error).DeployAsync(options with { PollInterval = PollInterval ?? options.PollInterval }, cancellationToken);

            if (OutputFormat.IsJson(parse, output))
            {
                JsonOutput.Write(context.Out, changes.Select(c => new { resource = c.Resource, name = c.Name, action = c.Action, detail = c.Detail }));
            }
            else
            {
                var table = new TextTable("RESOURCE", "NAME", "ACTION", "DETAIL");
                foreach (var c in changes) table.Add(c.Resource, c.Name, c.Action, c.Detail);
                table.WriteTo(context.Out);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>How often deploy polls a function update (tests shorten it).</summary>
    public static TimeSpan? PollInterval { get; set; }
}
