using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backfill.Local.OpenSearch.Faults;

/// <summary>
/// Opt-in misbehaviour of the embedded endpoint's <c>_bulk</c>, for tests of the sender: reject a fraction of items
/// with 429, fail whole requests with 503, reset the connection (in-process: throw an <see cref="IOException"/>),
/// delay every request. Each fault may be limited to a number of requests so a storm ends. Set in-process via
/// <see cref="EmbeddedOpenSearch.Faults"/>, on <c>backfill serve</c> with <c>--fault-*</c> options, or over HTTP
/// with <c>PUT /_backfill/faults</c> (this JSON) when the server was started with fault injection enabled.
/// </summary>
public sealed record FaultOptions
{
    /// <summary>Items rejected with 429 rejected_execution_exception, per bulk request affected.</summary>
    public FaultRate Reject429 { get; init; } = FaultRate.Never;

    /// <summary>Items refused for good with 400 mapper_parsing_exception (to exercise dead letters).</summary>
    public FaultRate Reject400 { get; init; } = FaultRate.Never;

    /// <summary>Whole bulk requests answered 503 before any item is processed.</summary>
    public FaultRate Fail503 { get; init; } = FaultRate.Never;

    /// <summary>Whole bulk requests whose connection is reset (over HTTP: the connection is aborted; in-process: IOException).</summary>
    public FaultRate Reset { get; init; } = FaultRate.Never;

    /// <summary>Reset after the items were stored (the client cannot know they were) instead of before.</summary>
    public bool ResetAfterProcessing { get; init; } = true;

    /// <summary>Added to every bulk request.</summary>
    public int DelayMs { get; init; }

    /// <summary>Seed of the fault dice: same seed, same faults for the same sequence of requests.</summary>
    public int Seed { get; init; } = 1;

    public static FaultOptions None { get; } = new();

    [JsonIgnore]
    public bool Any => Reject429.Fraction > 0 || Reject400.Fraction > 0 || Fail503.Fraction > 0 || Reset.Fraction > 0 || DelayMs > 0;

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}

/// <summary>A fault that hits a <see cref="Fraction"/> of chances, on at most <see cref="Requests"/> bulk requests (null: no limit).</summary>
public sealed record FaultRate(double Fraction, int? Requests = null)
{
    public static FaultRate Never { get; } = new(0);
}
