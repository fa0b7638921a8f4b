using System.Text.Json.Nodes;
using Backfill.Local.Asl.Execution;

namespace Backfill.Local.Asl.Tasks;

/// <summary>What a handler knows about the call it is serving (the local equivalent of a Lambda context).</summary>
public sealed class TaskInvocation
{
    private readonly Action? _heartbeat;
    private readonly Lazy<JsonNode?> _context;

    internal TaskInvocation(string executionArn, string executionName, string stateMachineName, string stateName,
        string resource, string handlerKey, DateTimeOffset? deadline, int retryCount, IAslClock clock, Func<JsonNode?> context, Action? heartbeat, string? taskToken = null)
    {
        ExecutionArn = executionArn;
        ExecutionName = executionName;
        StateMachineName = stateMachineName;
        StateName = stateName;
        Resource = resource;
        HandlerKey = handlerKey;
        Deadline = deadline;
        RetryCount = retryCount;
        Clock = clock;
        _context = new Lazy<JsonNode?>(context);
        _heartbeat = heartbeat;
        TaskToken = taskToken;
        RequestId = Guid.NewGuid().ToString("D");
    }

    public string ExecutionArn { get; }
    public string ExecutionName { get; }
    public string StateMachineName { get; }
    public string StateName { get; }

    /// <summary>The Task's Resource after definition substitutions (e.g. arn:aws:states:::lambda:invoke).</summary>
    public string Resource { get; }

    /// <summary>The registry key the call resolved to (function name, ARN or resource).</summary>
    public string HandlerKey { get; }

    /// <summary>When TimeoutSeconds runs out (null: no timeout). Like a Lambda's remaining time.</summary>
    public DateTimeOffset? Deadline { get; }

    /// <summary>How many times this state has been retried before this call (0 on the first attempt).</summary>
    public int RetryCount { get; }

    public IAslClock Clock { get; }

    /// <summary>The context object ($$) as the state saw it.</summary>
    public JsonNode? Context => _context.Value;

    public string RequestId { get; }

    /// <summary>The task token ($$.Task.Token) of a .waitForTaskToken task; the handler's result is what SendTaskSuccess would send.</summary>
    public string? TaskToken { get; }

    /// <summary>Remaining time before the deadline, or null without a timeout.</summary>
    public TimeSpan? RemainingTime => Deadline is { } d ? d - Clock.UtcNow : null;

    /// <summary>Signals liveness when the state has HeartbeatSeconds (SendTaskHeartbeat's local equivalent).</summary>
    public void Heartbeat() => _heartbeat?.Invoke();
}
