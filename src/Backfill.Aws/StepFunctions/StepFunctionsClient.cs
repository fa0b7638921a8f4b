using Backfill.Aws.Json;

namespace Backfill.Aws.StepFunctions;

/// <summary>
/// AWS Step Functions over its JSON 1.0 protocol (X-Amz-Target "AWSStepFunctions.{Operation}", signing name "states"):
/// the operations the operator commands and the deploy need. Errors are <see cref="AwsServiceException"/>s carrying the
/// Step Functions error code (ExecutionDoesNotExist, ExecutionNotRedrivable, InvalidExecutionInput, …).
/// </summary>
public sealed class StepFunctionsClient : IDisposable
{
    public static readonly AwsServiceInfo Service = new("Step Functions", "states", "states", AwsJsonOptions.CamelCase,
        "AWSStepFunctions", "application/x-amz-json-1.0");

    private readonly AwsJsonClient _client;

    public StepFunctionsClient(AwsClientOptions options, AwsRetryPolicy? retry = null, HttpMessageHandler? transport = null)
        : this(new AwsJsonClient(Service, options, retry, transport)) { }

    public StepFunctionsClient(AwsJsonClient client) => _client = client;

    public Task<StartExecutionResponse> StartExecutionAsync(StartExecutionRequest request, CancellationToken cancellationToken = default) =>
        Call<StartExecutionRequest, StartExecutionResponse>("StartExecution", request, cancellationToken);

    public Task<DescribeExecutionResponse> DescribeExecutionAsync(string executionArn, CancellationToken cancellationToken = default) =>
        Call<DescribeExecutionRequest, DescribeExecutionResponse>("DescribeExecution", new(executionArn), cancellationToken);

    public Task<ListExecutionsResponse> ListExecutionsAsync(ListExecutionsRequest request, CancellationToken cancellationToken = default) =>
        Call<ListExecutionsRequest, ListExecutionsResponse>("ListExecutions", request, cancellationToken);

    /// <summary>One page of history; see <see cref="GetAllExecutionHistoryAsync"/> for every event.</summary>
    public Task<GetExecutionHistoryResponse> GetExecutionHistoryAsync(GetExecutionHistoryRequest request, CancellationToken cancellationToken = default) =>
        Call<GetExecutionHistoryRequest, GetExecutionHistoryResponse>("GetExecutionHistory", request, cancellationToken);

    /// <summary>Every history event, following nextToken page by page.</summary>
    public async IAsyncEnumerable<HistoryEvent> GetAllExecutionHistoryAsync(GetExecutionHistoryRequest request,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var page = request with { NextToken = null };
        while (true)
        {
            var response = await GetExecutionHistoryAsync(page, cancellationToken).ConfigureAwait(false);
            foreach (var e in response.Events) yield return e;
            if (string.IsNullOrEmpty(response.NextToken)) yield break;
            page = page with { NextToken = response.NextToken };
        }
    }

    public Task<RedriveExecutionResponse> RedriveExecutionAsync(string executionArn, string? clientToken = null, CancellationToken cancellationToken = default) =>
        Call<RedriveExecutionRequest, RedriveExecutionResponse>("RedriveExecution", new(executionArn, clientToken), cancellationToken);

    public Task<StopExecutionResponse> StopExecutionAsync(StopExecutionRequest request, CancellationToken cancellationToken = default) =>
        Call<StopExecutionRequest, StopExecutionResponse>("StopExecution", request, cancellationToken);

    public Task<DescribeMapRunResponse> DescribeMapRunAsync(string mapRunArn, CancellationToken cancellationToken = default) =>
        Call<DescribeMapRunRequest, DescribeMapRunResponse>("DescribeMapRun", new(mapRunArn), cancellationToken);

    public Task<ListMapRunsResponse> ListMapRunsAsync(ListMapRunsRequest request, CancellationToken cancellationToken = default) =>
        Call<ListMapRunsRequest, ListMapRunsResponse>("ListMapRuns", request, cancellationToken);

    /// <summary>Every Map Run of an execution, following nextToken.</summary>
    public async Task<IReadOnlyList<MapRunListItem>> ListAllMapRunsAsync(string executionArn, CancellationToken cancellationToken = default)
    {
        var all = new List<MapRunListItem>();
        string? token = null;
        do
        {
            var page = await ListMapRunsAsync(new ListMapRunsRequest(executionArn) { NextToken = token }, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.MapRuns);
            token = page.NextToken;
        } while (!string.IsNullOrEmpty(token));
        return all;
    }

    public Task<CreateStateMachineResponse> CreateStateMachineAsync(CreateStateMachineRequest request, CancellationToken cancellationToken = default) =>
        Call<CreateStateMachineRequest, CreateStateMachineResponse>("CreateStateMachine", request, cancellationToken);

    public Task<UpdateStateMachineResponse> UpdateStateMachineAsync(UpdateStateMachineRequest request, CancellationToken cancellationToken = default) =>
        Call<UpdateStateMachineRequest, UpdateStateMachineResponse>("UpdateStateMachine", request, cancellationToken);

    public Task<DescribeStateMachineResponse> DescribeStateMachineAsync(string stateMachineArn, CancellationToken cancellationToken = default) =>
        Call<DescribeStateMachineRequest, DescribeStateMachineResponse>("DescribeStateMachine", new(stateMachineArn), cancellationToken);

    private Task<TResponse> Call<TRequest, TResponse>(string operation, TRequest request, CancellationToken cancellationToken) =>
        _client.PostTargetAsync<TRequest, TResponse>(operation, request, cancellationToken);

    public void Dispose() => _client.Dispose();
}
