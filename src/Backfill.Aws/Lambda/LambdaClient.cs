using System.Globalization;
using Backfill.Aws.Json;

namespace Backfill.Aws.Lambda;

/// <summary>
/// AWS Lambda's control and invoke API over REST-JSON (API version 2015-03-31, signing name "lambda"): the
/// operations the deploy and the tests need. Errors are <see cref="AwsServiceException"/>s carrying Lambda's error
/// code (ResourceNotFoundException, ResourceConflictException, InvalidParameterValueException, …).
/// </summary>
public sealed class LambdaClient : IDisposable
{
    public static readonly AwsServiceInfo Service = new("Lambda", "lambda", "lambda", AwsJsonOptions.PascalCase, null, "application/json");

    /// <summary>A synchronous invoke may run for the function's whole timeout (15 minutes at most).</summary>
    public static readonly TimeSpan InvokeTimeout = TimeSpan.FromMinutes(16);

    private const string Functions = "/2015-03-31/functions";
    private readonly AwsJsonClient _client;

    public LambdaClient(AwsClientOptions options, AwsRetryPolicy? retry = null, HttpMessageHandler? transport = null)
        : this(new AwsJsonClient(Service, options, retry, transport)) { }

    public LambdaClient(AwsJsonClient client) => _client = client;

    /// <summary>
    /// Invokes a function. A function error is not an exception: the response says so in
    /// <see cref="InvokeResponse.FunctionError"/> and the payload carries errorType/errorMessage.
    /// </summary>
    public async Task<InvokeResponse> InvokeAsync(InvokeRequest request, CancellationToken cancellationToken = default)
    {
        var path = AwsPath.Format(Functions + "/{FunctionName}/invocations", request.FunctionName).Query("Qualifier", request.Qualifier);
        var response = await _client.SendRestRawAsync("Invoke", HttpMethod.Post, path, request.Payload ?? "{}"u8.ToArray(), message =>
        {
            // Payload is a blob member bound to the body: sent as bytes, not as a JSON document of the client's.
            message.Content!.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
            message.Headers.TryAddWithoutValidation("X-Amz-Invocation-Type", request.InvocationType);
            if (request.LogType is not null) message.Headers.TryAddWithoutValidation("X-Amz-Log-Type", request.LogType);
            if (request.ClientContext is not null) message.Headers.TryAddWithoutValidation("X-Amz-Client-Context", request.ClientContext);
        }, cancellationToken, InvokeTimeout).ConfigureAwait(false);
        return new InvokeResponse((int)response.StatusCode, response.Body)
        {
            FunctionError = response.Header("X-Amz-Function-Error"),
            LogResult = response.Header("X-Amz-Log-Result"),
            ExecutedVersion = response.Header("X-Amz-Executed-Version"),
        };
    }

    public Task<GetFunctionResponse> GetFunctionAsync(string functionName, string? qualifier = null, CancellationToken cancellationToken = default) =>
        _client.SendRestAsync<GetFunctionResponse>("GetFunction", HttpMethod.Get,
            AwsPath.Format(Functions + "/{FunctionName}", functionName).Query("Qualifier", qualifier), null, cancellationToken);

    public Task<FunctionConfiguration> CreateFunctionAsync(CreateFunctionRequest request, CancellationToken cancellationToken = default) =>
        _client.SendRestAsync<FunctionConfiguration>("CreateFunction", HttpMethod.Post, Functions, request, cancellationToken);

    public Task<FunctionConfiguration> UpdateFunctionCodeAsync(UpdateFunctionCodeRequest request, CancellationToken cancellationToken = default) =>
        _client.SendRestAsync<FunctionConfiguration>("UpdateFunctionCode", HttpMethod.Put,
            AwsPath.Format(Functions + "/{FunctionName}/code", request.FunctionName), request.Body(), cancellationToken);

    public Task<FunctionConfiguration> UpdateFunctionConfigurationAsync(UpdateFunctionConfigurationRequest request, CancellationToken cancellationToken = default) =>
        _client.SendRestAsync<FunctionConfiguration>("UpdateFunctionConfiguration", HttpMethod.Put,
            AwsPath.Format(Functions + "/{FunctionName}/configuration", request.FunctionName), request.Body(), cancellationToken);

    public Task<FunctionConfiguration> PublishVersionAsync(PublishVersionRequest request, CancellationToken cancellationToken = default) =>
        _client.SendRestAsync<FunctionConfiguration>("PublishVersion", HttpMethod.Post,
            AwsPath.Format(Functions + "/{FunctionName}/versions", request.FunctionName), request.Body(), cancellationToken);

    /// <summary>
    /// Polls GetFunction until the last update is no longer InProgress (Lambda refuses another update meanwhile with
    /// ResourceConflictException). Throws when the update failed or <paramref name="timeout"/> passes.
    /// </summary>
    public async Task<FunctionConfiguration> WaitForUpdateAsync(string functionName, TimeSpan timeout, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        var started = DateTimeOffset.UtcNow;
        while (true)
        {
            var configuration = (await GetFunctionAsync(functionName, cancellationToken: cancellationToken).ConfigureAwait(false)).Configuration;
            var state = configuration.State ?? FunctionState.Active;
            var update = configuration.LastUpdateStatus ?? LastUpdateStatus.Successful;
            if (update == LastUpdateStatus.Failed || state == FunctionState.Failed)
                throw new Backfill.Core.Errors.BackfillException(
                    $"Lambda function {functionName}: the update failed ({configuration.LastUpdateStatusReasonCode ?? configuration.StateReasonCode}: {configuration.LastUpdateStatusReason ?? configuration.StateReason})");
            if (update != LastUpdateStatus.InProgress && state != FunctionState.Pending) return configuration;
            if (DateTimeOffset.UtcNow - started > timeout)
                throw new Backfill.Core.Errors.BackfillException(
                    $"Lambda function {functionName}: the update was still {update} after {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
            await Task.Delay(pollInterval ?? TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _client.Dispose();
}
