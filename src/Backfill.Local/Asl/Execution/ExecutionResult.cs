using System.Text.Json.Nodes;
using Backfill.Local.Asl.Records;

namespace Backfill.Local.Asl.Execution;

/// <summary>Final status of an execution, as DescribeExecution reports it.</summary>
public enum ExecutionStatus { Succeeded, Failed, TimedOut, Aborted }

/// <summary>
/// How an execution ended: status, output (succeeded) or error and cause (otherwise), and the
/// <see cref="ExecutionRecord"/> to redrive it with.
/// </summary>
public sealed record ExecutionResult(ExecutionStatus Status, JsonNode? Output, string? Error, string? Cause, ExecutionRecord Record)
{
    public string ExecutionArn => Record.ExecutionArn;
    public string Name => Record.Name;
    public bool Succeeded => Status == ExecutionStatus.Succeeded;
}
