using System.CommandLine;
using Backfill.Aws.Json;
using Backfill.Cli.Aws;
using Backfill.Cli.Local;

namespace Backfill.Cli.Commands;

/// <summary>
/// `backfill redrive &lt;execution&gt;`: an execution ARN is redriven on AWS (RedriveExecution: only the unsuccessful steps,
/// Map iterations and branches run again, within 14 days of the failure); anything else is a local execution id.
/// </summary>
public static class RedriveCommand
{
    public static Command Create()
    {
        var execution = new Argument<string>("execution") { Description = "An AWS execution ARN (arn:aws:states:…:execution:…) or a local execution id" };
        var output = OutputFormat.CreateOption();
        var aws = new AwsCommandOptions();
        var local = new LocalStateOptions();
        var command = new Command("redrive", "Re-run only the failed parts of a failed execution: on AWS for an execution ARN, locally for a local execution id.");
        command.Arguments.Add(execution);
        command.Options.Add(output);
        aws.AddTo(command);
        local.AddTo(command);

        CommandAction.Set(command, async (parse, context, cancellationToken) =>
        {
            var id = parse.GetValue(execution)!;
            if (!Arn.Looks(id)) return await LocalExecutions.RedriveAsync(id, local.Resolve(parse), context, cancellationToken);

            var arn = Arn.Parse(id, "states", "execution", "execution ARN");
            using var client = AwsClients.StepFunctions(aws.Resolve(parse, arn.Region));
            try
            {
                var redriven = await client.RedriveExecutionAsync(arn.ToString(), cancellationToken: cancellationToken);
                if (OutputFormat.IsJson(parse, output)) JsonOutput.Write(context.Out, new { executionArn = arn.ToString(), redriveDate = redriven.RedriveDate });
                else context.Out.WriteLine($"redriven {arn} at {redriven.RedriveDate.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z");
                return ExitCodes.Success;
            }
            catch (AwsConflictException e) when (e.ErrorCode == "ExecutionNotRedrivable")
            {
                context.Error.WriteLine($"backfill: hint: an execution can be redriven within 14 days of failing, timing out or being aborted; `backfill rerun-failed {arn}` starts a new execution over its failed chunks at any time");
                throw;
            }
        });
        return command;
    }
}
