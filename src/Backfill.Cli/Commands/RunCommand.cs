using System.CommandLine;
using System.Text.Json.Nodes;
using Backfill.Cli.Bench;
using Backfill.Cli.Local;
using Backfill.Core.Errors;

namespace Backfill.Cli.Commands;

/// <summary>`backfill run`: the whole backfill on this machine, through the real state machine definition.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "Execution input JSON file (see statemachine/input.schema.json)", Required = true };
        var definition = new Option<string?>("--definition") { Description = "State machine definition (default: the bundled statemachine/backfill.asl.json)" };
        var name = new Option<string?>("--name") { Description = "Execution name (default: {runId}-{timestamp})" };
        var state = new LocalStateOptions();
        var command = new Command("run", "Run a backfill locally: the real state machine on the local engine, handlers in-process, embedded OpenSearch by default. Exit code 0 only when every chunk was sent.");
        var metrics = ProcessMetrics.CreateOption();
        foreach (var option in new Option[] { input, definition, name }) command.Options.Add(option);
        state.AddTo(command);
        command.Options.Add(metrics);
        CommandAction.Set(command, (parse, context, cancellationToken) => ProcessMetrics.MeasureAsync(parse.GetValue(metrics), async () =>
        {
            var path = parse.GetValue(input)!;
            var json = ReadInput(path);
            WarnAboutUrlCredentials(json, context);
            var options = state.Resolve(parse) with { DefinitionPath = parse.GetValue(definition) };
            return await LocalExecutions.RunAsync(context, options, (backfill, progress) =>
                backfill.StartAsync(json, path, parse.GetValue(name), progress, cancellationToken));
        }));
        return command;
    }

    /// <summary>
    /// Credentials written into a source URL work, and are never printed, but the execution keeps its input (and
    /// history) as Step Functions does; a credentials reference keeps the secret out of both.
    /// </summary>
    public static void WarnAboutUrlCredentials(JsonNode input, CommandContext context)
    {
        if (input is not JsonObject obj || obj["sources"] is not JsonArray sources) return;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i]?["url"] is not JsonValue value || !value.TryGetValue<string>(out var url)) continue;
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Contains(':'))
                context.Error.WriteLine($"backfill: warning: $.sources[{i}].url carries a password; it is kept in the execution's stored input and history. Prefer \"credentials\": \"env:VARIABLE\".");
        }
    }

    public static JsonNode ReadInput(string path)
    {
        if (!File.Exists(path)) throw new BackfillException($"--input {path}: file not found (expected an execution input JSON file)");
        try
        {
            return JsonNode.Parse(File.ReadAllText(path), documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true })
                   ?? throw new BackfillException($"{path}: expected a JSON object, found null");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new BackfillException($"{path}: not valid JSON at line {e.LineNumber + 1} ({e.Message.Split(". ")[0]})");
        }
    }
}
