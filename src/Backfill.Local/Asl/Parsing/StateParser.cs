using System.Text.Json.Nodes;
using Backfill.Local.Asl.Choice;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Model;
using Backfill.Local.Asl.Paths;
using Backfill.Local.Asl.Tasks;

namespace Backfill.Local.Asl.Parsing;

/// <summary>Parses one state: its type, the fields that type allows, and the common flow fields.</summary>
internal static class StateParser
{
    private static readonly string[] Common = ["Type", "Comment", "QueryLanguage"];
    private static readonly string[] Flow = ["InputPath", "OutputPath", "Next", "End"];
    private static readonly string[] Recover = ["Parameters", "ResultSelector", "ResultPath", "Retry", "Catch"];

    private static readonly Dictionary<string, HashSet<string>> AllowedFields = new(StringComparer.Ordinal)
    {
        ["Pass"] = [.. Common, .. Flow, "Parameters", "Result", "ResultPath"],
        ["Task"] = [.. Common, .. Flow, .. Recover, "Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials"],
        ["Choice"] = [.. Common, "InputPath", "OutputPath", "Choices", "Default"],
        ["Wait"] = [.. Common, .. Flow, "Seconds", "SecondsPath", "Timestamp", "TimestampPath"],
        ["Succeed"] = [.. Common, "InputPath", "OutputPath"],
        ["Fail"] = [.. Common, "Error", "ErrorPath", "Cause", "CausePath"],
        ["Parallel"] = [.. Common, .. Flow, .. Recover, "Branches"],
        ["Map"] = [.. Common, .. Flow, .. Recover, "ItemsPath", "ItemSelector", "ItemProcessor", "Iterator", "MaxConcurrency", "MaxConcurrencyPath",
            "ToleratedFailureCount", "ToleratedFailureCountPath", "ToleratedFailurePercentage", "ToleratedFailurePercentagePath",
            "ItemReader", "ItemBatcher", "ResultWriter", "Label"],
    };

    private static readonly HashSet<string> StringFunctions =
        ["States.Format", "States.JsonToString", "States.ArrayGetItem", "States.Base64Encode", "States.Base64Decode", "States.Hash", "States.UUID"];

    public static State? Parse(string name, Fields fields)
    {
        var type = fields.String("Type", required: true);
        if (type is null) return null;
        if (!AllowedFields.TryGetValue(type, out var allowed))
        {
            fields.Report("Type", $"'{type}' is not a state type (expected one of {string.Join(", ", AllowedFields.Keys)})");
            return null;
        }
        fields.CheckKnown(allowed, $"a {type} state");
        DefinitionParser.CheckQueryLanguage(fields);

        var (next, end) = allowed.Contains("Next") ? ReadTransition(fields) : (null, false);
        State? state = type switch
        {
            "Pass" => ParsePass(name, fields, next, end),
            "Task" => ParseTask(name, fields, next, end),
            "Choice" => ParseChoice(name, fields),
            "Wait" => ParseWait(name, fields, next, end),
            "Succeed" => new SucceedState { Name = name, Comment = fields.String("Comment"), InputPath = fields.PathOrNull("InputPath", false), OutputPath = fields.PathOrNull("OutputPath", false) },
            "Fail" => ParseFail(name, fields),
            "Parallel" => ParseParallel(name, fields, next, end),
            "Map" => MapParser.Parse(name, fields, next, end),
            _ => null,
        };
        return state;
    }

    private static (string? Next, bool End) ReadTransition(Fields fields)
    {
        var next = fields.String("Next");
        var end = fields.Boolean("End");
        if (end == false) fields.Report("End", "may only be true (leave it out and use Next instead)");
        if (next is not null && end == true) fields.Report("Next", "cannot be used together with \"End\": true");
        if (next is null && end != true && !fields.Has("Next") && !fields.Has("End"))
            fields.Report("Next", "is missing: a non-terminal state needs Next or \"End\": true");
        return (next, end == true);
    }

    private static PassState ParsePass(string name, Fields fields, string? next, bool end) => new()
    {
        Name = name,
        Comment = fields.String("Comment"),
        Next = next,
        End = end,
        InputPath = fields.PathOrNull("InputPath", false),
        OutputPath = fields.PathOrNull("OutputPath", false),
        Parameters = fields.Template("Parameters"),
        Result = JsonValues.Clone(fields.Raw("Result")),
        HasResult = fields.Has("Result"),
        ResultPath = fields.PathOrNull("ResultPath", reference: true),
    };

    private static TaskState? ParseTask(string name, Fields fields, string? next, bool end)
    {
        var resource = fields.String("Resource", required: true);
        fields.AtMostOne("TimeoutSeconds", "TimeoutSecondsPath");
        fields.AtMostOne("HeartbeatSeconds", "HeartbeatSecondsPath");
        var timeout = fields.Integer("TimeoutSeconds", 1, 99_999_999);
        var heartbeat = fields.Integer("HeartbeatSeconds", 1, 99_999_999);
        if (timeout is not null && heartbeat is not null && heartbeat >= timeout)
            fields.Report("HeartbeatSeconds", $"must be smaller than TimeoutSeconds ({timeout}), not {heartbeat}");
        if (resource is null) return null;
        var taskResource = TaskResource.Parse(resource);
        var parameters = fields.Template("Parameters");
        if (taskResource.Kind == TaskResourceKind.LambdaInvoke)
        {
            var raw = fields.Raw("Parameters") as JsonObject;
            if (raw is null || !(raw.ContainsKey("FunctionName") || raw.ContainsKey("FunctionName.$")))
                fields.Report("Parameters", "must contain FunctionName (or FunctionName.$) for arn:aws:states:::lambda:invoke");
        }
        return new TaskState
        {
            Name = name,
            Comment = fields.String("Comment"),
            Next = next,
            End = end,
            InputPath = fields.PathOrNull("InputPath", false),
            OutputPath = fields.PathOrNull("OutputPath", false),
            Resource = taskResource,
            Parameters = parameters,
            ResultSelector = fields.Template("ResultSelector"),
            ResultPath = fields.PathOrNull("ResultPath", reference: true),
            Retry = RetryCatchParser.ParseRetry(fields),
            Catch = RetryCatchParser.ParseCatch(fields),
            TimeoutSeconds = (int?)timeout,
            TimeoutSecondsPath = fields.Path("TimeoutSecondsPath", reference: true),
            HeartbeatSeconds = (int?)heartbeat,
            HeartbeatSecondsPath = fields.Path("HeartbeatSecondsPath", reference: true),
        };
    }

    private static ChoiceState? ParseChoice(string name, Fields fields)
    {
        var choices = fields.ArrayField("Choices", required: true);
        var rules = new List<ChoiceRule>();
        if (choices is not null)
        {
            if (choices.Count == 0) fields.Report("Choices", "must contain at least one rule");
            for (var i = 0; i < choices.Count; i++)
            {
                var location = fields.At("Choices") + "/" + i;
                if (choices[i] is not JsonObject rule)
                {
                    fields.Context.Report(location, name, $"Choices/{i}", "must be a JSON object (a choice rule)");
                    continue;
                }
                var parsed = ChoiceRuleParser.Parse(fields.Child(rule, location), topLevel: true);
                if (parsed is not null) rules.Add(parsed);
            }
        }
        return new ChoiceState
        {
            Name = name,
            Comment = fields.String("Comment"),
            InputPath = fields.PathOrNull("InputPath", false),
            OutputPath = fields.PathOrNull("OutputPath", false),
            Choices = rules,
            Default = fields.String("Default"),
        };
    }

    private static WaitState ParseWait(string name, Fields fields, string? next, bool end)
    {
        fields.ExactlyOne("Seconds", "SecondsPath", "Timestamp", "TimestampPath");
        DateTimeOffset? timestamp = null;
        if (fields.String("Timestamp") is { } text)
        {
            if (AslTimestamp.TryParse(text, out var parsed)) timestamp = parsed;
            else fields.Report("Timestamp", $"must be an RFC 3339 timestamp such as 2016-03-14T01:59:00Z, not '{text}'");
        }
        return new WaitState
        {
            Name = name,
            Comment = fields.String("Comment"),
            Next = next,
            End = end,
            InputPath = fields.PathOrNull("InputPath", false),
            OutputPath = fields.PathOrNull("OutputPath", false),
            Seconds = fields.Integer("Seconds", 0, 99_999_999),
            SecondsPath = fields.Path("SecondsPath", reference: true),
            Timestamp = timestamp,
            TimestampPath = fields.Path("TimestampPath", reference: true),
        };
    }

    private static FailState ParseFail(string name, Fields fields)
    {
        fields.AtMostOne("Error", "ErrorPath");
        fields.AtMostOne("Cause", "CausePath");
        return new FailState
        {
            Name = name,
            Comment = fields.String("Comment"),
            Error = fields.String("Error"),
            Cause = fields.String("Cause"),
            ErrorPath = fields.Dynamic("ErrorPath", StringFunctions),
            CausePath = fields.Dynamic("CausePath", StringFunctions),
        };
    }

    private static ParallelState? ParseParallel(string name, Fields fields, string? next, bool end)
    {
        var branches = new List<StateScope>();
        var array = fields.ArrayField("Branches", required: true);
        if (array is not null)
        {
            if (array.Count == 0) fields.Report("Branches", "must contain at least one branch");
            for (var i = 0; i < array.Count; i++)
            {
                var location = fields.At("Branches") + "/" + i;
                if (array[i] is not JsonObject branch)
                {
                    fields.Context.Report(location, name, $"Branches/{i}", "must be a JSON object with StartAt and States");
                    continue;
                }
                var scope = DefinitionParser.ParseBranch(fields, branch, location, "a Parallel branch");
                if (scope is not null) branches.Add(scope);
            }
        }
        return new ParallelState
        {
            Name = name,
            Comment = fields.String("Comment"),
            Next = next,
            End = end,
            InputPath = fields.PathOrNull("InputPath", false),
            OutputPath = fields.PathOrNull("OutputPath", false),
            Parameters = fields.Template("Parameters"),
            ResultSelector = fields.Template("ResultSelector"),
            ResultPath = fields.PathOrNull("ResultPath", reference: true),
            Retry = RetryCatchParser.ParseRetry(fields),
            Catch = RetryCatchParser.ParseCatch(fields),
            Branches = branches,
        };
    }
}
