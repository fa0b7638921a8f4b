using System.Collections.Concurrent;
using System.Reflection;
using Amazon.S3;
using Amazon.S3.Model;

namespace Backfill.Aws.Tests.Support;

/// <summary>
/// Wraps a real <see cref="IAmazonS3"/> and records which operations the store called and how many UploadPart
/// calls were running at once, so tests can check single-put vs multipart, aborts and the in-flight bound.
/// </summary>
public class RecordingS3Client : DispatchProxy
{
    private IAmazonS3 _inner = null!;
    private int _uploadsRunning;

    public ConcurrentQueue<(string Operation, object?[] Args)> Invocations { get; } = new();
    public IEnumerable<string> Calls => Invocations.Select(i => i.Operation);
    public int MaxConcurrentUploadParts;

    public static (IAmazonS3 Client, RecordingS3Client Recorder) Wrap(IAmazonS3 inner)
    {
        var proxy = Create<IAmazonS3, RecordingS3Client>();
        var recorder = (RecordingS3Client)(object)proxy;
        recorder._inner = inner;
        return (proxy, recorder);
    }

    public int Count(string operation) => Calls.Count(c => c == operation);

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var name = targetMethod!.Name;
        if (name.EndsWith("Async", StringComparison.Ordinal)) Invocations.Enqueue((name[..^5], args ?? []));
        if (name == "UploadPartAsync")
        {
            var running = Interlocked.Increment(ref _uploadsRunning);
            InterlockedMax(ref MaxConcurrentUploadParts, running);
            return Tracked((Task<UploadPartResponse>)targetMethod.Invoke(_inner, args)!);
        }
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    // Decrements before the caller's continuation runs, so the count never includes a finished part.
    private async Task<UploadPartResponse> Tracked(Task<UploadPartResponse> upload)
    {
        try { return await upload.ConfigureAwait(false); }
        finally { Interlocked.Decrement(ref _uploadsRunning); }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}
