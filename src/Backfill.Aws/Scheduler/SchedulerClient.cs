using Backfill.Aws.Json;

namespace Backfill.Aws.Scheduler;

/// <summary>
/// Amazon EventBridge Scheduler over REST-JSON (API version 2021-06-30, signing name "scheduler"): create, update,
/// get, delete and list schedules. Errors are <see cref="AwsServiceException"/>s carrying Scheduler's error code
/// (ResourceNotFoundException, ConflictException, ValidationException, …).
/// </summary>
public sealed class SchedulerClient : IDisposable
{
    public static readonly AwsServiceInfo Service = new("EventBridge Scheduler", "scheduler", "scheduler", AwsJsonOptions.PascalCase, null, "application/json");

    private readonly AwsJsonClient _client;

    public SchedulerClient(AwsClientOptions options, AwsRetryPolicy? retry = null, HttpMessageHandler? transport = null)
        : this(new AwsJsonClient(Service, options, retry, transport)) { }

    public SchedulerClient(AwsJsonClient client) => _client = client;

    public Task<ScheduleArnResponse> CreateScheduleAsync(ScheduleDefinition schedule, CancellationToken cancellationToken = default) =>
        _client.SendRestAsync<ScheduleArnResponse>("CreateSchedule", HttpMethod.Post, AwsPath.Format("/schedules/{Name}", schedule.Name), schedule.Body(), cancellationToken);

    /// <summary>Replaces the whole schedule: members left out are reset to their defaults, as UpdateSchedule does.</summary>
    public Task<ScheduleArnResponse> UpdateScheduleAsync(ScheduleDefinition schedule, CancellationToken cancellationToken = default) =>
        _client.SendRestAsync<ScheduleArnResponse>("UpdateSchedule", HttpMethod.Put, AwsPath.Format("/schedules/{Name}", schedule.Name), schedule.Body(), cancellationToken);

    public Task<GetScheduleResponse> GetScheduleAsync(string name, string? groupName = null, CancellationToken cancellationToken = default) =>
        _client.SendRestAsync<GetScheduleResponse>("GetSchedule", HttpMethod.Get,
            AwsPath.Format("/schedules/{Name}", name).Query("groupName", groupName), null, cancellationToken);

    public async Task DeleteScheduleAsync(string name, string? groupName = null, string? clientToken = null, CancellationToken cancellationToken = default) =>
        await _client.SendRestRawAsync("DeleteSchedule", HttpMethod.Delete,
            AwsPath.Format("/schedules/{Name}", name).Query("clientToken", clientToken).Query("groupName", groupName), null, null, cancellationToken).ConfigureAwait(false);

    /// <summary>One page. The group filter travels as the "ScheduleGroup" query parameter.</summary>
    public Task<ListSchedulesResponse> ListSchedulesAsync(ListSchedulesRequest request, CancellationToken cancellationToken = default) =>
        _client.SendRestAsync<ListSchedulesResponse>("ListSchedules", HttpMethod.Get,
            AwsPath.Format("/schedules").Query("MaxResults", request.MaxResults).Query("NamePrefix", request.NamePrefix)
                .Query("NextToken", request.NextToken).Query("ScheduleGroup", request.GroupName).Query("State", request.State),
            null, cancellationToken);

    /// <summary>Every matching schedule, following NextToken.</summary>
    public async Task<IReadOnlyList<ScheduleSummary>> ListAllSchedulesAsync(ListSchedulesRequest request, CancellationToken cancellationToken = default)
    {
        var all = new List<ScheduleSummary>();
        var page = request with { NextToken = null };
        while (true)
        {
            var response = await ListSchedulesAsync(page, cancellationToken).ConfigureAwait(false);
            all.AddRange(response.Schedules);
            if (string.IsNullOrEmpty(response.NextToken)) return all;
            page = page with { NextToken = response.NextToken };
        }
    }

    public void Dispose() => _client.Dispose();
}
