namespace Backfill.Local.Tests.Asl.Validation;

/// <summary>
/// Definitions both our validator and the npm asl-validator judge, with what our error must mention
/// (state and field) when invalid.
/// </summary>
internal static class ValidationCases
{
    public sealed record Case(string Name, string Definition, bool Valid, params string[] Mentions);

    public static IReadOnlyList<Case> All { get; } =
    [
        new("pass", """{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}""", true),
        new("task retry catch", """
            {"StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f","Payload.$":"$"},
                   "Retry":[{"ErrorEquals":["Lambda.ServiceException"],"IntervalSeconds":2,"MaxAttempts":3,"BackoffRate":2}],
                   "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"F"}],"Next":"S"},
              "S":{"Type":"Succeed"},"F":{"Type":"Fail","Error":"E","Cause":"C"}}}
            """, true),
        new("substituted resource", """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"${SplitFunctionArn}","End":true}}}""", true),
        new("choice", """
            {"StartAt":"C","States":{
              "C":{"Type":"Choice","Choices":[{"And":[{"Variable":"$.a","IsPresent":true},{"Variable":"$.a","NumericGreaterThan":1}],"Next":"Y"},
                                              {"Variable":"$.s","StringMatches":"x*","Next":"Y"}],"Default":"N"},
              "Y":{"Type":"Succeed"},"N":{"Type":"Fail"}}}
            """, true),
        new("parallel", """
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},
              {"StartAt":"B","States":{"B":{"Type":"Wait","Seconds":1,"End":true}}}]}}}
            """, true),
        new("inline map", """
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":2,
              "ItemSelector":{"v.$":"$$.Map.Item.Value","i.$":"$$.Map.Item.Index"},
              "ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}}}
            """, true),
        new("distributed map", """
            {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":4,"ToleratedFailurePercentage":10,
              "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSONL"},"Parameters":{"Bucket":"b","Key.$":"$.key"}},
              "ItemBatcher":{"MaxItemsPerBatch":10},
              "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"b","Prefix":"out"}},
              "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}}}
            """, true),
        new("wait path", """{"StartAt":"W","States":{"W":{"Type":"Wait","SecondsPath":"$.delay","End":true}}}""", true),
        new("fail paths", """{"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"$.e","CausePath":"States.Format('cause {}', $.c)"}}}""", true),
        new("pass parameters", """{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"a.$":"States.Array($.x, 1)","b":{"c.$":"$$.Execution.Id"}},"ResultPath":"$.r","End":true}}}""", true),

        new("unknown type", """{"StartAt":"A","States":{"A":{"Type":"Foo","End":true}}}""", false, "'A'", "Type", "Foo"),
        new("unknown field", """{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"Resultt":1}}}""", false, "'A'", "Resultt"),
        new("missing next target", """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nope"},"B":{"Type":"Succeed"}}}""", false, "'A'", "Next", "Nope"),
        new("unreachable", """{"StartAt":"A","States":{"A":{"Type":"Pass","End":true},"B":{"Type":"Pass","End":true}}}""", false, "'B'", "not reachable"),
        new("next and end", """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B","End":true},"B":{"Type":"Succeed"}}}""", false, "'A'", "Next", "End"),
        new("no next nor end", """{"StartAt":"A","States":{"A":{"Type":"Pass"},"B":{"Type":"Succeed"}}}""", false, "'A'", "Next"),
        new("missing StartAt", """{"States":{"A":{"Type":"Pass","End":true}}}""", false, "StartAt", "required"),
        new("StartAt target missing", """{"StartAt":"X","States":{"A":{"Type":"Pass","End":true}}}""", false, "StartAt", "'X'"),
        new("bad InputPath", """{"StartAt":"A","States":{"A":{"Type":"Pass","InputPath":"$.a[","End":true}}}""", false, "'A'", "InputPath"),
        new("bad Parameters path", """{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"x.$":"a.b"},"End":true}}}""", false, "'A'", "x.$"),
        new("choice without choices", """{"StartAt":"C","States":{"C":{"Type":"Choice","Default":"D"},"D":{"Type":"Succeed"}}}""", false, "'C'", "Choices"),
        new("wait two durations", """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"Timestamp":"2024-01-01T00:00:00Z","End":true}}}""", false, "'W'", "Timestamp", "Seconds"),
        new("fail error and errorpath", """{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E","ErrorPath":"$.e"}}}""", false, "'F'", "ErrorPath"),
        new("map processor and iterator", """
            {"StartAt":"M","States":{"M":{"Type":"Map","End":true,
              "ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},
              "Iterator":{"StartAt":"J","States":{"J":{"Type":"Pass","End":true}}}}}}
            """, false, "'M'", "Iterator"),
        new("task without resource", """{"StartAt":"T","States":{"T":{"Type":"Task","End":true}}}""", false, "'T'", "Resource", "required"),
        new("duplicate after .$", """{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"a":1,"a.$":"$.x"},"End":true}}}""", false, "'P'", "a.$", "duplicates"),
        new("no terminal state", """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"A"}}}""", false, "terminal"),
        new("branch escapes", """
            {"StartAt":"P","States":{"P":{"Type":"Parallel","Next":"Out","Branches":[
              {"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Out"}}}]},"Out":{"Type":"Succeed"}}}
            """, false, "'A'", "Next", "'Out'"),
        new("concurrency twice", """
            {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,"MaxConcurrencyPath":"$.c","End":true,
              "ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}}}}}
            """, false, "'M'", "MaxConcurrencyPath"),
        new("timeout twice", """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},"TimeoutSeconds":5,"TimeoutSecondsPath":"$.t","End":true}}}""", false, "'T'", "TimeoutSecondsPath"),
        new("catch without next", """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},"Catch":[{"ErrorEquals":["States.ALL"]}],"End":true}}}""", false, "'T'", "Next"),
        new("states not object", """{"StartAt":"A","States":[]}""", false, "States"),
    ];
}
