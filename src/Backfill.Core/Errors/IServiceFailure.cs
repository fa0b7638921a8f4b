namespace Backfill.Core.Errors;

/// <summary>Marks a <see cref="BackfillException"/> raised because a remote service failed or refused (exit code 3).</summary>
public interface IServiceFailure;
