using System.Text.Json.Nodes;
using Backfill.Local.Asl.Execution;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Model;
using Backfill.Tests.Shared;

namespace Backfill.Local.Tests.Asl.Conformance;

/// <summary>
/// Runs every case recorded against AWS in ../shared/conformance/asl (one file per case) and asl-bulk (JSON Lines)
/// and compares the execution output, or its error and cause, with what AWS produced.
/// </summary>
public sealed class AslConformanceTests
{
    public static TheoryData<string> SingleCases()
    {
        var data = new TheoryData<string>();
        var folder = RepoPaths.Conformance("asl");
        if (folder is null) data.Add("(absent)");
        else foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(file));
        return data;
    }

    public static TheoryData<string, int> BulkCases()
    {
        var data = new TheoryData<string, int>();
        var folder = RepoPaths.Conformance("asl-bulk");
        if (folder is null)
        {
            data.Add("(absent)", 0);
            return data;
        }
        foreach (var file in Directory.GetFiles(folder, "*.jsonl").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (string.IsNullOrWhiteSpace(lines[i])) continue;
                if (RedactedTimestampCase.IsRedacted(JsonValues.Parse(lines[i])!.AsObject())) continue;
                data.Add(Path.GetFileName(file), i + 1);
            }
        }
        return data;
    }

    [ConformanceTheory("asl")]
    [MemberData(nameof(SingleCases))]
    public async Task Recorded_case_matches_AWS(string file)
    {
        var testCase = JsonValues.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Conformance("asl")!, file)))!.AsObject();
        await RunCaseAsync(testCase);
    }

    [ConformanceTheory("asl-bulk")]
    [MemberData(nameof(BulkCases))]
    public async Task Bulk_case_matches_AWS(string file, int line)
    {
        var text = File.ReadLines(Path.Combine(RepoPaths.Conformance("asl-bulk")!, file)).ElementAt(line - 1);
        await RunCaseAsync(RedactedTimestampCase.Prepare(JsonValues.Parse(text)!.AsObject()));
    }

    private static async Task RunCaseAsync(JsonObject testCase)
    {
        var definition = testCase["definition"]!.ToJsonString();
        var engine = new AslEngine(new AslEngineOptions { Clock = new VirtualClock() });
        var result = await engine.StartExecutionAsync(StateMachine.Parse(definition), testCase["input"]);
        if (testCase.TryGetPropertyValue("expected_error", out var expectedError))
        {
            Assert.Equal(ExecutionStatus.Failed, result.Status);
            Assert.Equal(expectedError!["error"]!.GetValue<string>(), result.Error);
            Assert.Equal(expectedError["cause"]?.GetValue<string>(), result.Cause);
        }
        else
        {
            AslTestKit.AssertSucceeded(result);
            AslTestKit.AssertJson(testCase["expected_output"], result.Output);
        }
    }
}
