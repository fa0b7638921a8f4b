using System.CommandLine;
using Backfill.Local.Executions;

namespace Backfill.Cli.Local;

/// <summary>
/// --executions and --opensearch-data: the two folders a local execution lives in. `backfill redrive` and
/// `backfill rerun-failed` take them with the same names, defaults and descriptions as `backfill run`, so an execution
/// run into other folders is continued there.
/// </summary>
public sealed class LocalStateOptions
{
    public const string ExecutionsDescription = "Where local executions and their histories are kept";
    public const string OpenSearchDataDescription = "Where the embedded OpenSearch endpoint keeps its indices";

    public Option<string> Executions { get; } = new("--executions") { Description = ExecutionsDescription, DefaultValueFactory = _ => LocalExecutionStore.DefaultRoot };
    public Option<string> OpenSearchData { get; } = new("--opensearch-data") { Description = OpenSearchDataDescription, DefaultValueFactory = _ => LocalRunOptions.DefaultOpenSearchData };

    public void AddTo(Command command)
    {
        command.Options.Add(Executions);
        command.Options.Add(OpenSearchData);
    }

    public LocalRunOptions Resolve(ParseResult parse) => new()
    {
        ExecutionsRoot = parse.GetValue(Executions)!,
        OpenSearchData = parse.GetValue(OpenSearchData)!,
    };
}
