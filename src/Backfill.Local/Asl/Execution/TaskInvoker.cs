using System.Globalization;
using System.Text.Json.Nodes;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Model;
using Backfill.Local.Asl.Tasks;

namespace Backfill.Local.Asl.Execution;

/// <summary>
/// Calls a Task's in-process handler the way Step Functions calls the real resource: history events
/// (TaskScheduled/Started/Succeeded/Failed/TimedOut, or LambdaFunction* for a function ARN), TimeoutSeconds and
/// HeartbeatSeconds as cancellation plus States.Timeout / States.HeartbeatTimeout, handler exceptions as
/// AWS-named errors, and the <c>lambda:invoke</c> output envelope (Payload, StatusCode, ExecutedVersion, …).
/// </summary>
internal static class TaskInvoker
{
    public static async Task<JsonNode?> InvokeAsync(StateRun run, TaskState task, JsonNode? parameters, int? timeoutSeconds, int? heartbeatSeconds, CancellationToken cancellationToken)
    {
        var execution = run.Execution;
        var resource = task.Resource;
        var (handler, key, handlerInput) = Resolve(run, resource, parameters);
        var isFunction = resource.Kind == TaskResourceKind.LambdaFunction;
        var lambdaShape = resource.Kind is TaskResourceKind.LambdaFunction or TaskResourceKind.LambdaInvoke;

        if (isFunction)
            run.Emit("LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", () => WithTimeout(new JsonObject
            {
                ["resource"] = resource.Text,
                ["input"] = JsonValues.ToJson(parameters),
                ["inputDetails"] = new JsonObject { ["truncated"] = false },
            }, timeoutSeconds, null));
        else
            run.Emit("TaskScheduled", "taskScheduledEventDetails", () => WithTimeout(new JsonObject
            {
                ["resourceType"] = resource.ResourceType,
                ["resource"] = resource.ResourceName,
                ["region"] = execution.Options.Region,
                ["parameters"] = JsonValues.ToJson(parameters),
            }, timeoutSeconds, heartbeatSeconds));
        if (isFunction) run.Emit("LambdaFunctionStarted");
        else run.Emit("TaskStarted", "taskStartedEventDetails", () => Describe(resource));

        var clock = execution.Clock;
        using var timeout = timeoutSeconds is { } t ? clock.CreateTimeout(TimeSpan.FromSeconds(t)) : null;
        using var heartbeat = heartbeatSeconds is { } h ? new HeartbeatMonitor(clock, TimeSpan.FromSeconds(h)) : null;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout?.Token ?? default, heartbeat?.Token ?? default);
        var invocation = new TaskInvocation(execution.ExecutionArn, execution.Name, execution.StateMachineName, task.Name,
            resource.Text, key, timeoutSeconds is { } s ? clock.UtcNow.AddSeconds(s) : null, run.RetryCount, clock,
            () => run.Context().ToJson(), heartbeat is null ? null : heartbeat.Beat, run.TaskToken);

        // Run the handler on the pool so CPU-bound handlers in a Map run side by side, like separate Lambdas.
        var work = Task.Run(() => handler(JsonValues.Clone(handlerInput), invocation, linked.Token), CancellationToken.None);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (linked.Token.Register(() => stopped.TrySetResult()).ConfigureAwait(false))
        {
            await Task.WhenAny(work, stopped.Task).ConfigureAwait(false);
        }

        if (work.IsCompletedSuccessfully)
        {
            var result = JsonValues.Materialize(JsonValues.Clone(work.Result));
            if (isFunction)
                run.Emit("LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails", () => new JsonObject { ["output"] = JsonValues.ToJson(result) });
            // With .waitForTaskToken the handler's result stands for what SendTaskSuccess would send.
            var output = resource.Kind == TaskResourceKind.LambdaInvoke && resource.Pattern is null
                ? LambdaInvokeOutput(result, invocation.RequestId, clock.UtcNow)
                : result;
            if (execution.ExceedsPayloadLimit(output))
                throw new AslFailure(AslErrorNames.DataLimitExceeded,
                    $"The state/task '{task.Name}' returned a result with a size exceeding the maximum number of bytes service limit ({execution.Options.PayloadLimitBytes} bytes).");
            if (!isFunction)
                run.Emit("TaskSucceeded", "taskSucceededEventDetails", () => Describe(resource, ("output", JsonValues.ToJson(output))));
            return output;
        }

        // Not finished (or finished because it was cancelled): decide why we stopped.
        _ = work.ContinueWith(static w => _ = w.Exception, TaskContinuationOptions.OnlyOnFaulted);
        string error;
        string? cause;
        string eventKind;
        if (timeout?.IsCancellationRequested == true)
        {
            (error, cause, eventKind) = (AslErrorNames.Timeout, $"The task did not finish within TimeoutSeconds ({timeoutSeconds} s).", "TimedOut");
        }
        else if (heartbeat?.Token.IsCancellationRequested == true)
        {
            (error, cause, eventKind) = (AslErrorNames.HeartbeatTimeout, $"The task sent no heartbeat for HeartbeatSeconds ({heartbeatSeconds} s).", "TimedOut");
        }
        else if (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        else
        {
            Exception thrown = work.IsFaulted ? work.Exception! : new OperationCanceledException("The handler cancelled itself.");
            (error, cause) = HandlerErrors.Describe(thrown, lambdaShape, execution.Options.ErrorNamer);
            eventKind = "Failed";
        }
        if (isFunction)
            run.Emit("LambdaFunction" + eventKind, eventKind == "Failed" ? "lambdaFunctionFailedEventDetails" : "lambdaFunctionTimedOutEventDetails",
                () => new JsonObject { ["error"] = error, ["cause"] = cause });
        else
            run.Emit("Task" + eventKind, eventKind == "Failed" ? "taskFailedEventDetails" : "taskTimedOutEventDetails",
                () => Describe(resource, ("error", error), ("cause", cause)));
        throw new AslFailure(error, cause, work.Exception?.InnerException);
    }

    private static (TaskHandler Handler, string Key, JsonNode? Input) Resolve(StateRun run, TaskResource resource, JsonNode? parameters)
    {
        var registry = run.Execution.Options.Handlers;
        if (resource.Kind == TaskResourceKind.LambdaInvoke)
        {
            if (parameters is not JsonObject args || !JsonValues.TryGetString(args["FunctionName"], out var function))
                throw AslFailure.Runtime(run.Site, "The Parameters of a lambda:invoke task must contain FunctionName as a string.");
            if (!registry.TryResolve(function, out var handler, out var key))
                throw new AslFailure("Lambda.ResourceNotFoundException",
                    $"Function not found: {function} (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Proxy: null). " +
                    $"No in-process handler is registered for it in state '{run.State.Name}' (registered: {registry.Describe()}).");
            return (handler, key, args.TryGetPropertyValue("Payload", out var payload) ? payload : new JsonObject());
        }
        if (!registry.TryResolve(resource.Text, out var resolved, out var resolvedKey))
            throw AslFailure.Runtime(run.Site, $"No in-process handler is registered for the resource '{resource.Text}' (registered: {registry.Describe()}).");
        return (resolved, resolvedKey, parameters);
    }

    /// <summary>What arn:aws:states:::lambda:invoke returns: the function's result in Payload plus the Invoke response metadata.</summary>
    internal static JsonObject LambdaInvokeOutput(JsonNode? payload, string requestId, DateTimeOffset now)
    {
        var date = now.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);
        var length = JsonValues.Utf8Length(payload).ToString(CultureInfo.InvariantCulture);
        var trace = $"root=1-{now.ToUnixTimeSeconds():x8}-{requestId.AsSpan(0, 8)}{requestId.AsSpan(9, 4)}{requestId.AsSpan(14, 4)}{requestId.AsSpan(19, 4)}{requestId.AsSpan(24, 4)};sampled=0";
        var all = new JsonObject();
        var single = new JsonObject();
        void Header(string name, string value)
        {
            all[name] = new JsonArray(JsonValue.Create(value));
            single[name] = value;
        }
        Header("Connection", "keep-alive");
        Header("Content-Length", length);
        Header("Content-Type", "application/json");
        Header("Date", date);
        Header("X-Amz-Executed-Version", "$LATEST");
        Header("x-amzn-Remapped-Content-Length", "0");
        Header("x-amzn-RequestId", requestId);
        Header("X-Amzn-Trace-Id", trace);
        return new JsonObject
        {
            ["ExecutedVersion"] = "$LATEST",
            ["Payload"] = JsonValues.Detach(payload),
            ["SdkHttpMetadata"] = new JsonObject
            {
                ["AllHttpHeaders"] = all,
                ["HttpHeaders"] = single,
                ["HttpStatusCode"] = 200,
            },
            ["SdkResponseMetadata"] = new JsonObject { ["RequestId"] = requestId },
            ["StatusCode"] = 200,
        };
    }

    private static JsonObject Describe(TaskResource resource, params (string Name, string? Value)[] extra)
    {
        var details = new JsonObject { ["resourceType"] = resource.ResourceType, ["resource"] = resource.ResourceName };
        foreach (var (name, value) in extra) details[name] = value;
        return details;
    }

    private static JsonObject WithTimeout(JsonObject details, int? timeoutSeconds, int? heartbeatSeconds)
    {
        if (timeoutSeconds is { } t) details["timeoutInSeconds"] = t;
        if (heartbeatSeconds is { } h) details["heartbeatInSeconds"] = h;
        return details;
    }

    /// <summary>Cancels <see cref="Token"/> when no heartbeat arrives within the interval.</summary>
    private sealed class HeartbeatMonitor : IDisposable
    {
        private readonly IAslClock _clock;
        private readonly TimeSpan _interval;
        private readonly CancellationTokenSource _expired = new();
        private readonly object _gate = new();
        private CancellationTokenSource _current;
        private CancellationTokenRegistration _registration;

        public HeartbeatMonitor(IAslClock clock, TimeSpan interval)
        {
            _clock = clock;
            _interval = interval;
            _current = clock.CreateTimeout(interval);
            _registration = _current.Token.Register(Expire);
        }

        public CancellationToken Token => _expired.Token;

        public void Beat()
        {
            lock (_gate)
            {
                if (_expired.IsCancellationRequested) return;
                _registration.Dispose();
                _current.Dispose();
                _current = _clock.CreateTimeout(_interval);
                _registration = _current.Token.Register(Expire);
            }
        }

        private void Expire()
        {
            try { _expired.Cancel(); } catch (ObjectDisposedException) { }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _registration.Dispose();
                _current.Dispose();
            }
            _expired.Dispose();
        }
    }
}
