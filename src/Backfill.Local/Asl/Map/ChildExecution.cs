using System.Text.Json.Nodes;
using Backfill.Local.Asl.Records;

namespace Backfill.Local.Asl.Map;

/// <summary>A Distributed Map child execution as ResultWriter reports it.</summary>
internal sealed record ChildExecution(string ExecutionArn, string Name, string StateMachineArn, JsonNode? Input,
    DateTimeOffset? StartDate, DateTimeOffset? StopDate, RunRecord Record);
