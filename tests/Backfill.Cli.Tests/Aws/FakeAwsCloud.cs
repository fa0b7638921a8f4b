using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Backfill.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Backfill.Cli.Tests.Aws;

/// <summary>
/// A small stateful stand-in for Step Functions, Lambda and EventBridge Scheduler on 127.0.0.1, for the operator
/// commands' tests (the clients' wire format is tested request by request in Backfill.Aws.Tests). It routes JSON 1.0
/// calls by X-Amz-Target and REST-JSON calls by path, refuses requests that are not SigV4-signed for the right
/// service, keeps executions, Map Runs, functions and schedules in memory, and answers like AWS, errors included.
/// </summary>
public sealed class FakeAwsCloud : IAsyncDisposable
{
    public const string Region = "eu-west-1";
    public const string Account = "123456789012";

    private readonly WebApplication _app;
    private readonly object _lock = new();

    public sealed record Call(string Service, string Operation, string Path, string Query, JsonNode? Body);

    public sealed class Execution
    {
        public required string Arn { get; init; }
        public required string StateMachineArn { get; init; }
        public required string Name { get; init; }
        public string Status { get; set; } = "RUNNING";
        public required string Input { get; init; }
        public string? Error { get; set; }
        public string? Cause { get; set; }
        public string? RedriveStatus { get; set; }
        public int RedriveCount { get; set; }
        public List<string> MapRuns { get; } = [];
    }

    public List<Call> Calls { get; } = [];
    public Dictionary<string, Execution> Executions { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, JsonObject> MapRuns { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> StateMachines { get; } = new(StringComparer.Ordinal); // ARN → definition
    public Dictionary<string, JsonObject> Functions { get; } = new(StringComparer.Ordinal); // name → configuration
    public Dictionary<string, JsonObject> Schedules { get; } = new(StringComparer.Ordinal); // group/name → body

    private FakeAwsCloud(WebApplication app, string endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The --endpoint-url to pass.</summary>
    public string Endpoint { get; }

    public static string StateMachineArn(string name) => $"arn:aws:states:{Region}:{Account}:stateMachine:{name}";

    public static async Task<FakeAwsCloud> StartAsync()
    {
        AwsTestEnvironment.Ensure();
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var cloud = new FakeAwsCloud(app, $"http://127.0.0.1:{port}");
        app.Run(cloud.HandleAsync);
        await app.StartAsync();
        return cloud;
    }

    public IReadOnlyList<Call> CallsOf(string operation)
    {
        lock (_lock) return Calls.Where(c => c.Operation == operation).ToList();
    }

    public Execution AddExecution(string stateMachine, string name, string status, string input, string? error = null, string? cause = null)
    {
        var arn = StateMachineArn(stateMachine).Replace(":stateMachine:", ":execution:") + ":" + name;
        var execution = new Execution { Arn = arn, StateMachineArn = StateMachineArn(stateMachine), Name = name, Status = status, Input = input, Error = error, Cause = cause };
        lock (_lock)
        {
            StateMachines.TryAdd(execution.StateMachineArn, "{}");
            Executions[arn] = execution;
        }
        return execution;
    }

    public void AddMapRun(Execution execution, string label, string status, long succeeded, long failed, long running, long pending, long total)
    {
        var arn = $"arn:aws:states:{Region}:{Account}:mapRun:{execution.StateMachineArn.Split(':')[^1]}/{label}:{Guid.NewGuid():N}";
        var counts = new JsonObject
        {
            ["pending"] = pending, ["running"] = running, ["succeeded"] = succeeded, ["failed"] = failed,
            ["timedOut"] = 0, ["aborted"] = 0, ["total"] = total, ["resultsWritten"] = succeeded + failed,
        };
        lock (_lock)
        {
            execution.MapRuns.Add(arn);
            MapRuns[arn] = new JsonObject
            {
                ["mapRunArn"] = arn, ["executionArn"] = execution.Arn, ["status"] = status, ["startDate"] = 1720000000 + execution.MapRuns.Count,
                ["maxConcurrency"] = 4, ["toleratedFailurePercentage"] = 100, ["toleratedFailureCount"] = 0,
                ["itemCounts"] = counts, ["executionCounts"] = counts.DeepClone(),
            };
        }
    }

    public void AddFunction(string name, string stagingBucket)
    {
        lock (_lock)
            Functions[name] = new JsonObject
            {
                ["FunctionName"] = name,
                ["FunctionArn"] = $"arn:aws:lambda:{Region}:{Account}:function:{name}",
                ["Runtime"] = "provided.al2023",
                ["Handler"] = name[(name.LastIndexOf('-') + 1)..],
                ["CodeSha256"] = "initial=",
                ["Version"] = "$LATEST",
                ["State"] = "Active",
                ["LastUpdateStatus"] = "Successful",
                ["Environment"] = new JsonObject { ["Variables"] = new JsonObject { ["BACKFILL_STAGING_BUCKET"] = stagingBucket } },
            };
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var bytes = buffer.ToArray();
        var path = context.Request.Path.Value ?? "/";
        var target = context.Request.Headers["X-Amz-Target"].FirstOrDefault();
        var (service, operation) = target is not null
            ? ("states", target.Split('.')[^1])
            : path.StartsWith("/2015-03-31/functions", StringComparison.Ordinal) ? ("lambda", LambdaOperation(context.Request.Method, path))
            : path.StartsWith("/schedules", StringComparison.Ordinal) ? ("scheduler", SchedulerOperation(context.Request.Method, path))
            : ("unknown", path);

        var authorization = context.Request.Headers.Authorization.FirstOrDefault() ?? "";
        var (status, reply) = !authorization.Contains($"/{Region}/{service}/aws4_request", StringComparison.Ordinal) || !context.Request.Headers.ContainsKey("X-Amz-Date")
            ? (HttpStatusCode.Forbidden, Error("InvalidSignatureException", $"expected a SigV4 signature for {service} in {Region}"))
            : Dispatch(service, operation, path, context.Request, bytes);
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = service == "states" ? "application/x-amz-json-1.0" : "application/json";
        if (reply is JsonObject error && error["__type"] is { } type && service != "states")
        {
            context.Response.Headers["x-amzn-ErrorType"] = type.GetValue<string>();
            error.Remove("__type");
        }
        await context.Response.WriteAsync(reply?.ToJsonString() ?? "{}");
    }

    private static string LambdaOperation(string method, string path) => (method, path.Split('/').Length, path.Split('/')[^1]) switch
    {
        ("GET", 4, _) => "GetFunction",
        ("PUT", _, "code") => "UpdateFunctionCode",
        ("PUT", _, "configuration") => "UpdateFunctionConfiguration",
        ("POST", _, "versions") => "PublishVersion",
        ("POST", _, "invocations") => "Invoke",
        ("POST", 3, _) => "CreateFunction",
        _ => "Unknown",
    };

    private static string SchedulerOperation(string method, string path) => (method, path == "/schedules") switch
    {
        ("GET", true) => "ListSchedules",
        ("GET", false) => "GetSchedule",
        ("POST", false) => "CreateSchedule",
        ("PUT", false) => "UpdateSchedule",
        ("DELETE", false) => "DeleteSchedule",
        _ => "Unknown",
    };

    private (HttpStatusCode, JsonNode?) Dispatch(string service, string operation, string path, HttpRequest request, byte[] bytes)
    {
        JsonNode? body = bytes.Length == 0 ? null : JsonNode.Parse(bytes);
        lock (_lock)
        {
            Calls.Add(new Call(service, operation, path, request.QueryString.Value ?? "", body));
            return service switch
            {
                "states" => StepFunctions(operation, body!.AsObject()),
                "lambda" => Lambda(operation, Uri.UnescapeDataString(path.Split('/')[3]), body as JsonObject),
                "scheduler" => Scheduler(operation, path.Length > "/schedules/".Length ? Uri.UnescapeDataString(path["/schedules/".Length..]) : "", request, body as JsonObject),
                _ => (HttpStatusCode.NotFound, Error("UnknownOperationException", path)),
            };
        }
    }

    private (HttpStatusCode, JsonNode?) StepFunctions(string operation, JsonObject body)
    {
        string S(string name) => body[name]?.GetValue<string>() ?? "";
        switch (operation)
        {
            case "StartExecution":
            {
                var machine = S("stateMachineArn");
                if (!StateMachines.ContainsKey(machine)) return (HttpStatusCode.BadRequest, Error("StateMachineDoesNotExist", $"State Machine Does Not Exist: '{machine}'"));
                var name = body["name"]?.GetValue<string>() ?? Guid.NewGuid().ToString();
                var arn = machine.Replace(":stateMachine:", ":execution:") + ":" + name;
                if (Executions.ContainsKey(arn)) return (HttpStatusCode.BadRequest, Error("ExecutionAlreadyExists", $"Execution Already Exists: '{arn}'"));
                Executions[arn] = new Execution { Arn = arn, StateMachineArn = machine, Name = name, Input = S("input") };
                return (HttpStatusCode.OK, new JsonObject { ["executionArn"] = arn, ["startDate"] = 1720000000.5 });
            }
            case "DescribeExecution":
            {
                if (!Executions.TryGetValue(S("executionArn"), out var e)) return NoExecution(S("executionArn"));
                var reply = new JsonObject
                {
                    ["executionArn"] = e.Arn, ["stateMachineArn"] = e.StateMachineArn, ["name"] = e.Name, ["status"] = e.Status,
                    ["startDate"] = 1720000000, ["input"] = e.Input, ["redriveCount"] = e.RedriveCount,
                };
                if (e.Status != "RUNNING") reply["stopDate"] = 1720000600;
                if (e.Error is not null) reply["error"] = e.Error;
                if (e.Cause is not null) reply["cause"] = e.Cause;
                if (e.RedriveStatus is not null) reply["redriveStatus"] = e.RedriveStatus;
                if (e.RedriveCount > 0) reply["redriveDate"] = 1720000300;
                return (HttpStatusCode.OK, reply);
            }
            case "ListMapRuns":
            {
                if (!Executions.TryGetValue(S("executionArn"), out var e)) return NoExecution(S("executionArn"));
                var runs = new JsonArray();
                foreach (var run in e.MapRuns)
                    runs.Add(new JsonObject { ["executionArn"] = e.Arn, ["mapRunArn"] = run, ["stateMachineArn"] = e.StateMachineArn + "/x", ["startDate"] = MapRuns[run]["startDate"]!.DeepClone() });
                return (HttpStatusCode.OK, new JsonObject { ["mapRuns"] = runs });
            }
            case "DescribeMapRun":
                return MapRuns.TryGetValue(S("mapRunArn"), out var mapRun)
                    ? (HttpStatusCode.OK, mapRun.DeepClone())
                    : (HttpStatusCode.BadRequest, Error("ResourceNotFound", "Map Run Does Not Exist"));
            case "RedriveExecution":
            {
                if (!Executions.TryGetValue(S("executionArn"), out var e)) return NoExecution(S("executionArn"));
                if (e.Status is not ("FAILED" or "TIMED_OUT" or "ABORTED") || e.RedriveStatus == "NOT_REDRIVABLE")
                    return (HttpStatusCode.BadRequest, Error("ExecutionNotRedrivable", $"Execution '{e.Arn}' is not redrivable"));
                e.Status = "RUNNING";
                e.RedriveCount++;
                return (HttpStatusCode.OK, new JsonObject { ["redriveDate"] = 1720000900 });
            }
            case "DescribeStateMachine":
            {
                var arn = S("stateMachineArn");
                return StateMachines.TryGetValue(arn, out var definition)
                    ? (HttpStatusCode.OK, new JsonObject { ["stateMachineArn"] = arn, ["name"] = arn.Split(':')[^1], ["definition"] = definition, ["roleArn"] = "arn:aws:iam::123456789012:role/sm", ["type"] = "STANDARD", ["creationDate"] = 1720000000 })
                    : (HttpStatusCode.BadRequest, Error("StateMachineDoesNotExist", $"State Machine Does Not Exist: '{arn}'"));
            }
            case "UpdateStateMachine":
            {
                var arn = S("stateMachineArn");
                if (!StateMachines.ContainsKey(arn)) return (HttpStatusCode.BadRequest, Error("StateMachineDoesNotExist", $"State Machine Does Not Exist: '{arn}'"));
                if (body["definition"] is { } definition) StateMachines[arn] = definition.GetValue<string>();
                var reply = new JsonObject { ["updateDate"] = 1720001000, ["revisionId"] = Guid.NewGuid().ToString() };
                if (body["publish"]?.GetValue<bool>() == true) reply["stateMachineVersionArn"] = arn + ":2";
                return (HttpStatusCode.OK, reply);
            }
            default:
                return (HttpStatusCode.BadRequest, Error("UnknownOperationException", operation));
        }
    }

    private (HttpStatusCode, JsonNode?) Lambda(string operation, string name, JsonObject? body)
    {
        if (!Functions.TryGetValue(name, out var function))
            return (HttpStatusCode.NotFound, Error("ResourceNotFoundException", $"Function not found: arn:aws:lambda:{Region}:{Account}:function:{name}"));
        switch (operation)
        {
            case "GetFunction":
            {
                var reply = new JsonObject { ["Configuration"] = function.DeepClone() };
                if (function["LastUpdateStatus"]!.GetValue<string>() == "InProgress") function["LastUpdateStatus"] = "Successful"; // the next look sees it done
                return (HttpStatusCode.OK, reply);
            }
            case "UpdateFunctionCode":
            {
                var zip = Convert.FromBase64String(body!["ZipFile"]!.GetValue<string>());
                function["CodeSha256"] = Convert.ToBase64String(SHA256.HashData(zip));
                function["CodeSize"] = zip.Length;
                function["LastUpdateStatus"] = "InProgress";
                return (HttpStatusCode.OK, function.DeepClone());
            }
            case "PublishVersion":
            {
                var reply = function.DeepClone().AsObject();
                reply["Version"] = "2";
                return (HttpStatusCode.Created, reply);
            }
            default:
                return (HttpStatusCode.BadRequest, Error("InvalidRequestContentException", operation));
        }
    }

    private (HttpStatusCode, JsonNode?) Scheduler(string operation, string name, HttpRequest request, JsonObject? body)
    {
        var group = request.Query["groupName"].FirstOrDefault() ?? body?["GroupName"]?.GetValue<string>() ?? "default";
        var key = group + "/" + name;
        var arn = $"arn:aws:scheduler:{Region}:{Account}:schedule/{group}/{name}";
        switch (operation)
        {
            case "CreateSchedule" when Schedules.ContainsKey(key):
                return (HttpStatusCode.Conflict, Error("ConflictException", $"Schedule {name} already exists."));
            case "CreateSchedule" or "UpdateSchedule":
                if (operation == "UpdateSchedule" && !Schedules.ContainsKey(key)) return (HttpStatusCode.NotFound, Error("ResourceNotFoundException", $"Schedule {name} does not exist."));
                body!["Name"] = name;
                body["Arn"] = arn;
                body["GroupName"] = group;
                Schedules[key] = body;
                return (HttpStatusCode.OK, new JsonObject { ["ScheduleArn"] = arn });
            case "DeleteSchedule":
                return Schedules.Remove(key)
                    ? (HttpStatusCode.OK, new JsonObject())
                    : (HttpStatusCode.NotFound, Error("ResourceNotFoundException", $"Schedule {name} does not exist."));
            case "ListSchedules":
            {
                var groupFilter = request.Query["ScheduleGroup"].FirstOrDefault();
                var prefix = request.Query["NamePrefix"].FirstOrDefault() ?? "";
                var list = new JsonArray();
                foreach (var s in Schedules.Values.Where(s => (groupFilter is null || s["GroupName"]!.GetValue<string>() == groupFilter) && s["Name"]!.GetValue<string>().StartsWith(prefix, StringComparison.Ordinal)))
                    list.Add(new JsonObject
                    {
                        ["Arn"] = s["Arn"]!.DeepClone(), ["Name"] = s["Name"]!.DeepClone(), ["GroupName"] = s["GroupName"]!.DeepClone(),
                        ["State"] = s["State"]?.DeepClone() ?? "ENABLED", ["CreationDate"] = 1720000000, ["LastModificationDate"] = 1720000100,
                        ["Target"] = new JsonObject { ["Arn"] = s["Target"]!["Arn"]!.DeepClone() },
                    });
                return (HttpStatusCode.OK, new JsonObject { ["Schedules"] = list });
            }
            default:
                return (HttpStatusCode.BadRequest, Error("ValidationException", operation));
        }
    }

    private static (HttpStatusCode, JsonNode?) NoExecution(string arn) =>
        (HttpStatusCode.BadRequest, Error("ExecutionDoesNotExist", $"Execution Does Not Exist: '{arn}'"));

    private static JsonObject Error(string code, string message) => new() { ["__type"] = code, ["message"] = message };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Process-wide settings every AWS CLI test needs: fake credentials, and retries that do not sleep.</summary>
public static class AwsTestEnvironment
{
    public const string SecretKey = "cli/tests/secret";

    private static readonly object Gate = new();
    private static bool _done;

    public static void Ensure()
    {
        lock (Gate)
        {
            if (_done) return;
            // Same values for every test in the process; never real credentials (the endpoints are local fakes).
            // s3rver accepts only the access key "S3RVER" (and any secret).
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "S3RVER");
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", SecretKey);
            Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", null);
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
            Backfill.Cli.Aws.AwsClients.Retry = new Backfill.Aws.Json.AwsRetryPolicy { MaxAttempts = 2, Delay = (_, _) => Task.CompletedTask };
            Backfill.Cli.Commands.DeployCommand.PollInterval = TimeSpan.FromMilliseconds(1);
            _done = true;
        }
    }
}
