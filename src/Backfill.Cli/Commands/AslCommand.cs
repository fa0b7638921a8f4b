using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backfill.Core.Errors;
using Backfill.Core.Storage;
using Backfill.Local.Asl.Execution;
using Backfill.Local.Asl.History;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Model;
using Backfill.Local.Asl.Parsing;
using Backfill.Local.Asl.Tasks;

namespace Backfill.Cli.Commands;

/// <summary>
/// `backfill asl run` runs any state machine definition with the local ASL engine; `backfill asl validate` checks
/// one. Task resources resolve to the in-process handlers that <paramref name="registerHandlers"/> registers
/// (by Lambda function name, function ARN or resource); a resource without one is refused before anything runs.
/// </summary>
public static class AslCommand
{
    public static Command Create(Action<TaskHandlerRegistry>? registerHandlers = null)
    {
        var command = new Command("asl", "Run or validate an Amazon States Language definition locally (JSONPath).");
        command.Subcommands.Add(CreateRun(registerHandlers));
        command.Subcommands.Add(CreateValidate());
        return command;
    }

    private static Option<string[]> SubstitutionOption() => new("--sub")
    {
        Description = "A definition substitution NAME=VALUE replacing ${NAME} (repeatable), as CloudFormation DefinitionSubstitutions",
        AllowMultipleArgumentsPerToken = false,
    };

    private static Command CreateRun(Action<TaskHandlerRegistry>? registerHandlers)
    {
        var definition = new Option<string>("--definition") { Description = "The state machine definition file (JSON)", Required = true };
        // "@FILE" needs System.CommandLine's response-file expansion off (ParserConfiguration.ResponseFileTokenReplacer
        // = null), otherwise the parser replaces the token by the file's words; --input-file always works.
        var input = new Option<string>("--input") { Description = "Execution input: JSON text, or @FILE to read it from a file", DefaultValueFactory = _ => "{}" };
        var inputFile = new Option<string?>("--input-file") { Description = "Read the execution input from this JSON file" };
        var substitutions = SubstitutionOption();
        var store = new Option<string?>("--store") { Description = "Directory holding one sub-directory per bucket, for Distributed Map ItemReader/ResultWriter" };
        var name = new Option<string?>("--name") { Description = "Execution name (default: a new UUID)" };
        var history = new Option<bool>("--history") { Description = "Print every history event as a JSON line on stderr" };
        var command = new Command("run", "Run a definition; prints the execution output as JSON on the last line of stdout.");
        foreach (var option in new Option[] { definition, input, inputFile, substitutions, store, name, history }) command.Options.Add(option);

        CommandAction.Set(command, async (parse, context, cancellationToken) =>
        {
            var path = parse.GetValue(definition)!;
            var machine = StateMachine.Parse(ReadFile(path, "--definition"), ParseSubstitutions(parse.GetValue(substitutions)), path);
            var file = parse.GetValue(inputFile);
            var executionInput = ParseInput(file is null ? parse.GetValue(input)! : "@" + file);
            var handlers = new TaskHandlerRegistry();
            registerHandlers?.Invoke(handlers);
            var storeRoot = parse.GetValue(store);
            var options = new AslEngineOptions
            {
                Handlers = handlers,
                ObjectStores = storeRoot is null ? null : bucket => new LocalDirectoryObjectStore(Path.Combine(storeRoot, ObjectKey.Validate(bucket, "bucket"))),
                Observer = parse.GetValue(history) ? new DelegateObserver(e => { lock (context.Error) context.Error.WriteLine(e.ToJson().ToJsonString()); }) : null,
            };
            var result = await new AslEngine(options).StartExecutionAsync(machine, executionInput, parse.GetValue(name), cancellationToken);
            switch (result.Status)
            {
                case ExecutionStatus.Succeeded:
                    context.Out.WriteLine(JsonValues.ToJson(result.Output));
                    return ExitCodes.Success;
                case ExecutionStatus.Aborted:
                    context.Error.WriteLine($"backfill: execution {result.Name} was aborted");
                    return ExitCodes.Cancelled;
                default:
                    context.Error.WriteLine($"backfill: execution {result.Name} {(result.Status == ExecutionStatus.TimedOut ? "timed out" : "failed")}");
                    context.Error.WriteLine($"error: {result.Error}");
                    context.Error.WriteLine($"cause: {result.Cause}");
                    return ExitCodes.Failed;
            }
        });
        return command;
    }

    private static Command CreateValidate()
    {
        var file = new Argument<string>("file") { Description = "The state machine definition file (JSON)" };
        var substitutions = SubstitutionOption();
        var command = new Command("validate", "Check a definition (fields, types, paths, intrinsic functions, transitions, reachability).");
        command.Arguments.Add(file);
        command.Options.Add(substitutions);
        CommandAction.Set(command, (parse, context, _) =>
        {
            var path = parse.GetValue(file)!;
            var text = ReadFile(path, "file");
            var values = ParseSubstitutions(parse.GetValue(substitutions));
            // Without --sub, placeholders stay as they are (as asl-validator accepts "${Name}" resources).
            var machine = StateMachine.Parse(text, values.Count == 0 ? null : values, path);
            var placeholders = values.Count == 0 ? DefinitionSubstitutions.Names(text) : [];
            context.Out.WriteLine($"{path}: valid ({machine.AllStates.Count()} states" +
                                  (placeholders.Count == 0 ? ")" : $"; unsubstituted placeholders: {string.Join(", ", placeholders)})"));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static Dictionary<string, string> ParseSubstitutions(string[]? pairs)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs ?? [])
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0) throw new BackfillException($"--sub: expected NAME=VALUE but found '{pair}'");
            values[pair[..equals]] = pair[(equals + 1)..];
        }
        return values;
    }

    private static JsonNode? ParseInput(string text)
    {
        var source = "--input";
        if (text.StartsWith('@'))
        {
            source = text[1..];
            text = ReadFile(source, "--input");
        }
        try
        {
            return JsonValues.Parse(text);
        }
        catch (JsonException e)
        {
            throw new BackfillException($"{source}: the execution input is not valid JSON ({e.Message})");
        }
    }

    private static string ReadFile(string path, string option)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BackfillException($"{option}: cannot read '{path}' ({e.Message})");
        }
    }
}
