using System.Text.Json.Nodes;

namespace Backfill.Local.Asl.Model;

/// <summary>What a state produced: its output and the next state's name (null when the scope ends here).</summary>
internal readonly record struct StateOutcome(JsonNode? Output, string? Next);
