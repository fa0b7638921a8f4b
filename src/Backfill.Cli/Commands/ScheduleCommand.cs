using System.CommandLine;
using System.Globalization;
using Backfill.Aws.Json;
using Backfill.Aws.Scheduler;
using Backfill.Cli.Aws;
using Backfill.Core.Errors;

namespace Backfill.Cli.Commands;

/// <summary>
/// `backfill schedule create|list|delete`: EventBridge Scheduler schedules that start the state machine with a replay
/// input (documents keep their ids, so a replay overwrites rather than duplicates).
/// </summary>
public static class ScheduleCommand
{
    public static Command Create()
    {
        var command = new Command("schedule", "Create, list and delete EventBridge Scheduler schedules that replay a backfill input.");
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(DeleteCommand());
        return command;
    }

    private static Command CreateCommand()
    {
        var name = new Option<string>("--name") { Description = "Schedule name (letters, digits, '-', '_', '.')", Required = true };
        var stateMachine = new Option<string>("--state-machine") { Description = "State machine ARN to start", Required = true };
        var input = new Option<string>("--input", "-i") { Description = "Execution input JSON file, validated like `backfill start`", Required = true };
        var roleArn = new Option<string>("--role-arn") { Description = "Role Scheduler assumes to start executions (the stack's SchedulerRoleArn output)", Required = true };
        var cron = new Option<string?>("--cron") { Description = "Cron expression: \"minutes hours day-of-month month day-of-week year\", e.g. \"0 3 * * ? *\"" };
        var rate = new Option<string?>("--rate") { Description = "Rate: \"N minutes|hours|days\", e.g. \"7 days\"" };
        var timezone = new Option<string?>("--timezone") { Description = "Time zone of a cron expression, e.g. Europe/Paris (default UTC)" };
        var window = new Option<int>("--flexible-window") { Description = "Minutes Scheduler may delay each start, 0 to start on time (max 1440)", DefaultValueFactory = _ => 0 };
        var retries = new Option<int>("--retry-attempts") { Description = "Retries when StartExecution fails (0-185)", DefaultValueFactory = _ => 3 };
        var maxAge = new Option<int>("--max-event-age") { Description = "Seconds to keep retrying a start (60-86400)", DefaultValueFactory = _ => 3600 };
        var deadLetter = new Option<string?>("--dead-letter-arn") { Description = "SQS queue ARN for starts that failed after the retries (the stack's ReplayDeadLetterQueueArn output)" };
        var group = new Option<string?>("--group") { Description = "Schedule group (default: the default group)" };
        var description = new Option<string?>("--description") { Description = "Free text shown in the console" };
        var disabled = new Option<bool>("--disabled") { Description = "Create it disabled" };
        var replace = new Option<bool>("--replace") { Description = "Update the schedule if one with this name exists" };
        var output = OutputFormat.CreateOption();
        var aws = new AwsCommandOptions();
        var command = new Command("create", "Create a schedule that starts the state machine with an input, on a cron or rate expression.");
        foreach (var option in new Option[] { name, stateMachine, input, roleArn, cron, rate, timezone, window, retries, maxAge, deadLetter, group, description, disabled, replace, output })
            command.Options.Add(option);
        aws.AddTo(command);

        CommandAction.Set(command, async (parse, context, cancellationToken) =>
        {
            var scheduleName = parse.GetValue(name)!;
            CheckName(scheduleName, "--name");
            var groupName = parse.GetValue(group);
            if (groupName is not null) CheckName(groupName, "--group");
            var target = Arn.Parse(parse.GetValue(stateMachine)!, "states", "stateMachine", "--state-machine");
            var role = parse.GetValue(roleArn)!;
            Arn.Parse(role, "iam", "role", "--role-arn");
            var dlq = parse.GetValue(deadLetter);
            if (dlq is not null) Arn.ParseAny(dlq, "sqs", "--dead-letter-arn");
            var expression = (parse.GetValue(cron), parse.GetValue(rate)) switch
            {
                ({ } c, null) => ScheduleExpression.FromCron(c),
                (null, { } r) => ScheduleExpression.FromRate(r),
                (null, null) => throw new BackfillException("give --cron or --rate (e.g. --cron \"0 3 * * ? *\" or --rate \"7 days\")"),
                _ => throw new BackfillException("give either --cron or --rate, not both"),
            };
            var minutes = parse.GetValue(window);
            if (minutes is < 0 or > 1440) throw new BackfillException($"--flexible-window {minutes}: expected 0 to 1440 minutes");
            var attempts = parse.GetValue(retries);
            if (attempts is < 0 or > 185) throw new BackfillException($"--retry-attempts {attempts}: expected 0 to 185");
            var age = parse.GetValue(maxAge);
            if (age is < 60 or > 86400) throw new BackfillException($"--max-event-age {age}: expected 60 to 86400 seconds");
            var document = AwsExecutionInput.Load(parse.GetValue(input)!);

            var schedule = new ScheduleDefinition(scheduleName, expression,
                minutes == 0 ? FlexibleTimeWindow.Off : new FlexibleTimeWindow(FlexibleTimeWindowMode.Flexible, minutes),
                new ScheduleTarget(target.ToString(), role, document.Text)
                {
                    RetryPolicy = new TargetRetryPolicy(age, attempts),
                    DeadLetterConfig = dlq is null ? null : new DeadLetterConfig(dlq),
                })
            {
                GroupName = groupName,
                ScheduleExpressionTimezone = parse.GetValue(timezone),
                Description = parse.GetValue(description),
                State = parse.GetValue(disabled) ? ScheduleState.Disabled : ScheduleState.Enabled,
            };

            using var client = AwsClients.Scheduler(aws.Resolve(parse, target.Region));
            ScheduleArnResponse created;
            var action = "created";
            try
            {
                created = await client.CreateScheduleAsync(schedule, cancellationToken);
            }
            catch (AwsConflictException) when (parse.GetValue(replace))
            {
                created = await client.UpdateScheduleAsync(schedule, cancellationToken);
                action = "updated";
            }
            catch (AwsConflictException e)
            {
                throw new BackfillException($"schedule \"{scheduleName}\" already exists (pass --replace to update it): {e.AwsMessage}");
            }
            if (OutputFormat.IsJson(parse, output)) JsonOutput.Write(context.Out, new { scheduleArn = created.ScheduleArn, action, expression });
            else context.Out.WriteLine(created.ScheduleArn);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ListCommand()
    {
        var group = new Option<string?>("--group") { Description = "Only this schedule group" };
        var prefix = new Option<string?>("--prefix") { Description = "Only names starting with this" };
        var output = OutputFormat.CreateOption();
        var aws = new AwsCommandOptions();
        var command = new Command("list", "List schedules with their state and target.");
        foreach (var option in new Option[] { group, prefix, output }) command.Options.Add(option);
        aws.AddTo(command);

        CommandAction.Set(command, async (parse, context, cancellationToken) =>
        {
            using var client = AwsClients.Scheduler(aws.Resolve(parse));
            var schedules = await client.ListAllSchedulesAsync(new ListSchedulesRequest { GroupName = parse.GetValue(group), NamePrefix = parse.GetValue(prefix) }, cancellationToken);
            if (OutputFormat.IsJson(parse, output))
            {
                JsonOutput.Write(context.Out, schedules.Select(s => new
                {
                    name = s.Name, group = s.GroupName, state = s.State, target = s.Target?.Arn, arn = s.Arn,
                    creationDate = s.CreationDate, lastModificationDate = s.LastModificationDate,
                }));
                return ExitCodes.Success;
            }
            var table = new TextTable("NAME", "GROUP", "STATE", "LAST MODIFIED", "TARGET");
            foreach (var s in schedules)
                table.Add(s.Name, s.GroupName, s.State, (s.LastModificationDate ?? s.CreationDate)?.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture), s.Target?.Arn);
            table.WriteTo(context.Out);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command DeleteCommand()
    {
        var name = new Option<string>("--name") { Description = "Schedule name", Required = true };
        var group = new Option<string?>("--group") { Description = "Schedule group (default: the default group)" };
        var output = OutputFormat.CreateOption();
        var aws = new AwsCommandOptions();
        var command = new Command("delete", "Delete a schedule (executions it started are not affected).");
        foreach (var option in new Option[] { name, group, output }) command.Options.Add(option);
        aws.AddTo(command);

        CommandAction.Set(command, async (parse, context, cancellationToken) =>
        {
            var scheduleName = parse.GetValue(name)!;
            CheckName(scheduleName, "--name");
            using var client = AwsClients.Scheduler(aws.Resolve(parse));
            await client.DeleteScheduleAsync(scheduleName, parse.GetValue(group), cancellationToken: cancellationToken);
            if (OutputFormat.IsJson(parse, output)) JsonOutput.Write(context.Out, new { deleted = scheduleName, group = parse.GetValue(group) });
            else context.Out.WriteLine($"deleted schedule {scheduleName}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Scheduler names and groups: 1–64 of [0-9a-zA-Z-_.].</summary>
    private static void CheckName(string value, string option)
    {
        if (value.Length is 0 or > 64 || value.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            throw new BackfillException($"{option} \"{value}\": expected 1 to 64 letters, digits, '-', '_' or '.'");
    }
}
