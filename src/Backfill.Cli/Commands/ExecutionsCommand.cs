using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backfill.Cli.Display;
using Backfill.Local.Executions;

namespace Backfill.Cli.Commands;

/// <summary>`backfill executions list|show|history`: local executions kept by `backfill run`.</summary>
public static class ExecutionsCommand
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var root = new Option<string>("--executions") { Description = "Where local executions are kept", DefaultValueFactory = _ => LocalExecutionStore.DefaultRoot, Recursive = true };
        var output = new Option<string>("--output") { Description = "table or json", DefaultValueFactory = _ => "table", Recursive = true };
        output.AcceptOnlyFromAmong("table", "json");
        var command = new Command("executions", "Local executions: list them, show one, or print its history (Step Functions event shapes).");
        command.Options.Add(root);
        command.Options.Add(output);

        var list = new Command("list", "List local executions, oldest first.");
        CommandAction.Set(list, (parse, ctx, _) =>
        {
            var all = new LocalExecutionStore(parse.GetValue(root)!).List();
            if (parse.GetValue(output) == "json") ctx.Out.WriteLine(JsonSerializer.Serialize(all, Indented));
            else
            {
                ctx.Out.WriteLine($"{"name",-44} {"status",-10} {"started (UTC)",-20} {"redrives",8}  error");
                foreach (var e in all)
                    ctx.Out.WriteLine($"{e.Name,-44} {e.Status,-10} {e.StartDate.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {e.RedriveCount,8}  {e.Error}");
            }
            return Task.FromResult(ExitCodes.Success);
        });

        var name = new Argument<string>("execution") { Description = "Execution name (see `backfill executions list`)" };
        var show = new Command("show", "Show one execution: status, error, output and where its files are.");
        show.Arguments.Add(name);
        CommandAction.Set(show, (parse, ctx, _) =>
        {
            var store = new LocalExecutionStore(parse.GetValue(root)!);
            var e = store.GetSummary(parse.GetValue(name)!);
            if (parse.GetValue(output) == "json") ctx.Out.WriteLine(JsonSerializer.Serialize(e, Indented));
            else
            {
                ctx.Out.WriteLine($"name       {e.Name}");
                ctx.Out.WriteLine($"arn        {e.ExecutionArn}");
                ctx.Out.WriteLine($"status     {e.Status}");
                ctx.Out.WriteLine($"started    {e.StartDate:O}");
                if (e.StopDate is not null) ctx.Out.WriteLine($"stopped    {e.StopDate:O}");
                if (e.RedriveCount > 0) ctx.Out.WriteLine($"redriven   {e.RedriveCount}x");
                if (e.RerunOf is not null) ctx.Out.WriteLine($"re-run of  {e.RerunOf}");
                if (e.Error is not null) ctx.Out.WriteLine($"error      {e.Error}: {RunSummary.ReadableCause(e.Cause)}");
                if (e.Output is not null) ctx.Out.WriteLine($"output     {e.Output.ToJsonString()}");
                ctx.Out.WriteLine($"files      {store.FolderOf(e.Name)}");
            }
            return Task.FromResult(ExitCodes.Success);
        });

        var history = new Command("history", "Print an execution's history events (GetExecutionHistory shapes).");
        history.Arguments.Add(name);
        CommandAction.Set(history, (parse, ctx, _) =>
        {
            var store = new LocalExecutionStore(parse.GetValue(root)!);
            var executionName = parse.GetValue(name)!;
            store.GetSummary(executionName);
            if (parse.GetValue(output) == "json")
            {
                var events = new JsonArray(store.ReadHistory(executionName).Select(e => (JsonNode)e).ToArray());
                ctx.Out.WriteLine(new JsonObject { ["events"] = events }.ToJsonString(Indented));
            }
            else
            {
                foreach (var e in store.ReadHistory(executionName))
                {
                    var details = e.FirstOrDefault(p => p.Key.EndsWith("EventDetails", StringComparison.Ordinal)).Value as JsonObject;
                    var what = details?["name"]?.GetValue<string>() ?? details?["error"]?.GetValue<string>() ?? "";
                    ctx.Out.WriteLine($"{e["id"],6} {e["timestamp"],-26} {e["type"],-28} {what}");
                }
            }
            return Task.FromResult(ExitCodes.Success);
        });

        command.Subcommands.Add(list);
        command.Subcommands.Add(show);
        command.Subcommands.Add(history);
        return command;
    }
}
