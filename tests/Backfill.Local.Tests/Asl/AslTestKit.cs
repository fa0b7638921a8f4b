using System.Text.Json.Nodes;
using Backfill.Local.Asl.Execution;
using Backfill.Local.Asl.History;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Model;
using Backfill.Local.Asl.Tasks;

namespace Backfill.Local.Tests.Asl;

/// <summary>Small helpers for engine tests: parse + run with a virtual clock and a history recorder.</summary>
internal sealed class AslTestKit
{
    public VirtualClock Clock { get; } = new();
    public HistoryRecorder History { get; } = new();
    public TaskHandlerRegistry Handlers { get; } = new();
    public Func<string, Backfill.Core.Storage.IObjectStore>? ObjectStores { get; set; }
    public int Seed { get; set; } = 42;

    public AslEngine Engine() => new(new AslEngineOptions
    {
        Clock = Clock,
        Observer = History,
        Handlers = Handlers,
        ObjectStores = ObjectStores,
        Random = new Random(Seed),
    });

    public async Task<ExecutionResult> RunAsync(string definition, string input = "{}", CancellationToken cancellationToken = default) =>
        await Engine().StartExecutionAsync(StateMachine.Parse(definition), JsonValues.Parse(input), "test", cancellationToken);

    public static JsonNode? Json(string text) => JsonValues.Parse(text);

    /// <summary>Asserts structural JSON equality (numbers by value, object keys in any order).</summary>
    public static void AssertJson(string expected, JsonNode? actual) => AssertJson(JsonValues.Parse(expected), actual);

    public static void AssertJson(JsonNode? expected, JsonNode? actual)
    {
        if (!JsonValues.DeepEquals(expected, actual))
            Assert.Fail($"JSON differs.{Environment.NewLine}expected: {JsonValues.ToJson(expected)}{Environment.NewLine}actual:   {JsonValues.ToJson(actual)}");
    }

    public static void AssertSucceeded(ExecutionResult result)
    {
        if (!result.Succeeded) Assert.Fail($"expected success but the execution {result.Status}: {result.Error}: {result.Cause}");
    }

    /// <summary>A one-state machine around <paramref name="stateJson"/> named "S".</summary>
    public static string Single(string stateJson) => $$$"""{"StartAt":"S","States":{"S":{{{stateJson}}}}}""";
}
