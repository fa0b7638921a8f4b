using System.Text.Json;
using System.Text.Json.Nodes;
using Backfill.Core.Errors;
using Backfill.Local.Asl.Execution;
using Backfill.Local.Asl.Records;

namespace Backfill.Local.Executions;

/// <summary>
/// Local executions on disk, one folder each: the definition they ran (redrive reuses it, as AWS does), their
/// input, the history (history.jsonl, Step Functions event shapes), the redrive record and a summary.
/// <code>
/// {root}/{name}/definition.asl.json  substitutions.json  input.json  history.jsonl  record.json  summary.json
/// </code>
/// </summary>
public sealed class LocalExecutionStore(string root)
{
    public const string DefaultRoot = ".backfill/executions";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Root { get; } = Path.GetFullPath(root);

    public string FolderOf(string name) => Path.Combine(Root, CheckName(name));

    /// <summary>Creates the folder of a new execution; the name must be unused.</summary>
    public void Create(string name, string definition, IReadOnlyDictionary<string, string> substitutions, JsonNode? input)
    {
        var folder = FolderOf(name);
        if (Directory.Exists(folder))
            throw new BackfillException($"execution \"{name}\" already exists in {Root} (expected a new name; use `backfill redrive {name}` to continue it)");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "definition.asl.json"), definition);
        File.WriteAllText(Path.Combine(folder, "substitutions.json"), JsonSerializer.Serialize(substitutions, Json));
        File.WriteAllText(Path.Combine(folder, "input.json"), input?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "null");
    }

    public HistoryFileWriter OpenHistory(string name) => new(Path.Combine(FolderOf(name), "history.jsonl"));

    public void MarkRunning(string name, string executionArn, DateTimeOffset start, int redriveCount, string? rerunOf)
    {
        var previous = TryGetSummary(name);
        Save(name, new LocalExecutionSummary
        {
            Name = name,
            ExecutionArn = executionArn,
            Status = "RUNNING",
            StartDate = previous?.StartDate ?? start,
            RedriveCount = redriveCount,
            RerunOf = rerunOf ?? previous?.RerunOf,
        });
    }

    public LocalExecutionSummary SaveResult(ExecutionResult result, string? rerunOf = null)
    {
        var folder = FolderOf(result.Name);
        File.WriteAllText(Path.Combine(folder, "record.json"), result.Record.ToJson());
        var summary = new LocalExecutionSummary
        {
            Name = result.Name,
            ExecutionArn = result.ExecutionArn,
            Status = result.Status switch
            {
                ExecutionStatus.Succeeded => "SUCCEEDED",
                ExecutionStatus.TimedOut => "TIMED_OUT",
                ExecutionStatus.Aborted => "ABORTED",
                _ => "FAILED",
            },
            StartDate = result.Record.StartDate,
            StopDate = result.Record.StopDate,
            RedriveCount = result.Record.RedriveCount,
            Error = result.Error,
            Cause = result.Cause,
            Output = result.Output,
            RerunOf = rerunOf ?? TryGetSummary(result.Name)?.RerunOf,
        };
        Save(result.Name, summary);
        return summary;
    }

    public IReadOnlyList<LocalExecutionSummary> List()
    {
        if (!Directory.Exists(Root)) return [];
        return Directory.EnumerateDirectories(Root)
            .Select(d => TryGetSummary(Path.GetFileName(d)))
            .OfType<LocalExecutionSummary>()
            .OrderBy(s => s.StartDate)
            .ToList();
    }

    public LocalExecutionSummary GetSummary(string name) =>
        TryGetSummary(name) ?? throw new BackfillException($"execution \"{name}\" was not found in {Root} (see `backfill executions list`; an execution kept in another folder is found with --executions DIR)");

    public LocalExecutionSummary? TryGetSummary(string name)
    {
        var path = Path.Combine(FolderOf(name), "summary.json");
        return File.Exists(path) ? JsonSerializer.Deserialize<LocalExecutionSummary>(File.ReadAllText(path), Json) : null;
    }

    public ExecutionRecord GetRecord(string name)
    {
        var path = Path.Combine(FolderOf(name), "record.json");
        if (!File.Exists(path))
            throw new BackfillException($"execution \"{name}\" has no record in {FolderOf(name)} (it never finished a first attempt, so it cannot be redriven)");
        return ExecutionRecord.FromJson(File.ReadAllText(path));
    }

    public (string Definition, Dictionary<string, string> Substitutions) GetDefinition(string name)
    {
        var folder = FolderOf(name);
        return (File.ReadAllText(Path.Combine(folder, "definition.asl.json")),
            JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(folder, "substitutions.json")), Json) ?? []);
    }

    public JsonNode? GetInput(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(FolderOf(name), "input.json")));

    /// <summary>History events as Step Functions returns them (GetExecutionHistory's "events").</summary>
    public IEnumerable<JsonObject> ReadHistory(string name)
    {
        var path = Path.Combine(FolderOf(name), "history.jsonl");
        if (!File.Exists(path)) yield break;
        foreach (var line in File.ReadLines(path))
            if (line.Length > 0) yield return JsonNode.Parse(line)!.AsObject();
    }

    private void Save(string name, LocalExecutionSummary summary)
    {
        var path = Path.Combine(FolderOf(name), "summary.json");
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(summary, Json));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static string CheckName(string name)
    {
        if (name.Length is 0 or > 80 || name is "." or ".." || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            throw new BackfillException($"execution name \"{name}\" is not valid (expected 1-80 letters, digits, '-', '_' or '.')");
        return name;
    }
}
