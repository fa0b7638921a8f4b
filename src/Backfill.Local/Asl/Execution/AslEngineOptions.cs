using Backfill.Core.Storage;
using Backfill.Local.Asl.History;
using Backfill.Local.Asl.Tasks;

namespace Backfill.Local.Asl.Execution;

/// <summary>How an <see cref="AslEngine"/> runs executions: handlers, clock, object stores, observer, identity.</summary>
public sealed class AslEngineOptions
{
    /// <summary>In-process handlers for Task resources.</summary>
    public TaskHandlerRegistry Handlers { get; init; } = new();

    /// <summary>Wait states, Retry intervals, timeouts (tests: <see cref="VirtualClock"/>).</summary>
    public IAslClock Clock { get; init; } = SystemClock.Instance;

    /// <summary>Distributed Map ItemReader/ResultWriter buckets → object stores.</summary>
    public Func<string, IObjectStore>? ObjectStores { get; init; }

    /// <summary>Receives history events; null means no history is built at all (cheapest).</summary>
    public IExecutionObserver? Observer { get; init; }

    /// <summary>Source of retry jitter, States.UUID and unseeded States.MathRandom (tests: a seeded Random).</summary>
    public Random? Random { get; init; }

    /// <summary>
    /// How a handler exception is named when it is not an <see cref="AslTaskException"/>; default: its type
    /// name, as AWS Lambda reports it.
    /// </summary>
    public Func<Exception, string>? ErrorNamer { get; init; }

    /// <summary>
    /// The largest state input/output or task result, in UTF-8 bytes (AWS: 256 KiB); beyond it the execution fails
    /// with States.DataLimitExceeded as it would in AWS. Null turns the check off.
    /// </summary>
    public long? PayloadLimitBytes { get; init; } = 256 * 1024;

    public string Region { get; init; } = "us-east-1";
    public string AccountId { get; init; } = "123456789012";
    public string StateMachineName { get; init; } = "LocalStateMachine";
    public string RoleArn { get; init; } = "arn:aws:iam::123456789012:role/LocalStateMachineRole";
}
