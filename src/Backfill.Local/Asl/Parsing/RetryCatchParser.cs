using System.Text.Json.Nodes;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Model;

namespace Backfill.Local.Asl.Parsing;

/// <summary>Parses Retry and Catch arrays, including AWS's rule that States.ALL stands alone in the last element.</summary>
internal static class RetryCatchParser
{
    private static readonly HashSet<string> RetrierFields = ["ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment"];
    private static readonly HashSet<string> CatcherFields = ["ErrorEquals", "Next", "ResultPath", "Comment"];

    public static IReadOnlyList<Retrier> ParseRetry(Fields fields)
    {
        var array = fields.ArrayField("Retry");
        if (array is null) return [];
        var result = new List<Retrier>();
        for (var i = 0; i < array.Count; i++)
        {
            var location = fields.At("Retry") + "/" + i;
            if (array[i] is not JsonObject obj)
            {
                fields.Context.Report(location, fields.State, $"Retry/{i}", "must be a JSON object (a retrier)");
                continue;
            }
            var retrier = fields.Child(obj, location);
            retrier.CheckKnown(RetrierFields, "a retrier");
            var errors = ErrorEquals(retrier, i, array.Count, "Retry");
            var jitter = retrier.Enum("JitterStrategy", "FULL", "NONE");
            result.Add(new Retrier
            {
                ErrorEquals = errors,
                IntervalSeconds = (int)(retrier.Integer("IntervalSeconds", 1, 99_999_999) ?? 1),
                MaxAttempts = (int)(retrier.Integer("MaxAttempts", 0, 99_999_999) ?? 3),
                BackoffRate = retrier.Number("BackoffRate", 1.0, double.MaxValue) ?? 2.0,
                MaxDelaySeconds = (int?)retrier.Integer("MaxDelaySeconds", 1, 31_622_400),
                Jitter = jitter == "FULL" ? JitterStrategy.Full : JitterStrategy.None,
            });
        }
        return result;
    }

    public static IReadOnlyList<Catcher> ParseCatch(Fields fields)
    {
        var array = fields.ArrayField("Catch");
        if (array is null) return [];
        var result = new List<Catcher>();
        for (var i = 0; i < array.Count; i++)
        {
            var location = fields.At("Catch") + "/" + i;
            if (array[i] is not JsonObject obj)
            {
                fields.Context.Report(location, fields.State, $"Catch/{i}", "must be a JSON object (a catcher)");
                continue;
            }
            var catcher = fields.Child(obj, location);
            catcher.CheckKnown(CatcherFields, "a catcher");
            var errors = ErrorEquals(catcher, i, array.Count, "Catch");
            var next = catcher.String("Next", required: true);
            var resultPath = catcher.PathOrNull("ResultPath", reference: true);
            if (next is not null) result.Add(new Catcher { ErrorEquals = errors, Next = next, ResultPath = resultPath });
        }
        return result;
    }

    private static List<string> ErrorEquals(Fields fields, int index, int count, string owner)
    {
        var names = new List<string>();
        var array = fields.ArrayField("ErrorEquals", required: true);
        if (array is null) return names;
        if (array.Count == 0) fields.Report("ErrorEquals", "must list at least one error name");
        foreach (var item in array)
        {
            if (JsonValues.TryGetString(item, out var name)) names.Add(name);
            else fields.Report("ErrorEquals", $"must contain only strings, not {JsonValues.TypeName(item)}");
        }
        if (names.Contains(AslErrorNames.All))
        {
            if (names.Count > 1) fields.Report("ErrorEquals", "States.ALL must appear alone in its ErrorEquals");
            if (index != count - 1) fields.Report("ErrorEquals", $"States.ALL must be in the last element of {owner}");
        }
        return names;
    }
}
