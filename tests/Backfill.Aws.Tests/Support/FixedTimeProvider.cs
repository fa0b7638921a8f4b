namespace Backfill.Aws.Tests.Support;

/// <summary>A clock that always says the same time, so signatures are reproducible.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
