using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backfill.Functions.Runtime;

/// <summary>
/// The custom runtime's loop (provided.al2023): pick the handler named by _HANDLER (an unknown name is an init
/// error), then forever: take the next invocation, run the handler with a cancellation that fires shortly before
/// Lambda's deadline, post its result or its error. Exit codes: 0 when cancelled, 1 after an init error, 2 after
/// abandoning a handler that ignored its cancellation, 3 when the Runtime API failed.
/// </summary>
public sealed class LambdaBootstrap
{
    public const int ExitInitError = 1;
    public const int ExitAbandoned = 2;
    public const int ExitRuntimeApiError = 3;

    private readonly RuntimeApiClient _api;
    private readonly Func<string?, IFunctionHandler> _handlers;
    private readonly LambdaRuntimeOptions _options;

    /// <param name="handlers">_HANDLER value → handler; throws for a name it does not know.</param>
    public LambdaBootstrap(RuntimeApiClient api, Func<string?, IFunctionHandler> handlers, LambdaRuntimeOptions? options = null)
    {
        _api = api;
        _handlers = handlers;
        _options = options ?? new LambdaRuntimeOptions();
    }

    /// <summary>The entry point of the bootstrap executable: reads AWS_LAMBDA_RUNTIME_API and _HANDLER.</summary>
    public static async Task<int> RunFromEnvironmentAsync(LambdaRuntimeOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LambdaRuntimeOptions();
        var api = options.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
        if (string.IsNullOrWhiteSpace(api))
        {
            options.Log.WriteLine("backfill-runtime: AWS_LAMBDA_RUNTIME_API is not set: this executable is a Lambda custom runtime (provided.al2023) and only runs inside Lambda");
            return ExitInitError;
        }
        using var client = new RuntimeApiClient(api);
        using var functions = new LambdaFunctions();
        return await new LambdaBootstrap(client, functions.Create, options).RunAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        IFunctionHandler handler;
        try
        {
            handler = _handlers(_options.GetEnvironmentVariable("_HANDLER"));
        }
        catch (Exception e)
        {
            var error = FunctionError.From(e);
            _options.Log.WriteLine($"INIT ERROR {error.ErrorType}: {error.ErrorMessage}");
            try
            {
                await _api.PostInitErrorAsync(error, cancellationToken).ConfigureAwait(false);
            }
            catch (RuntimeApiException apiError)
            {
                _options.Log.WriteLine(apiError.Message);
            }
            return ExitInitError;
        }

        try
        {
            while (true)
            {
                RuntimeInvocation invocation;
                try
                {
                    invocation = await _api.NextAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return 0;
                }
                if (!await InvokeAsync(handler, invocation).ConfigureAwait(false)) return ExitAbandoned;
            }
        }
        catch (RuntimeApiException e)
        {
            _options.Log.WriteLine("RUNTIME ERROR " + e.Message);
            return ExitRuntimeApiError;
        }
    }

    /// <summary>Runs one invocation and posts its outcome. False when the handler had to be abandoned.</summary>
    private async Task<bool> InvokeAsync(IFunctionHandler handler, RuntimeInvocation invocation)
    {
        var now = _options.Time.GetUtcNow();
        var remaining = invocation.Deadline - now;
        var margin = TimeSpan.FromTicks(Math.Min(_options.DeadlineMargin.Ticks, Math.Max(0, remaining.Ticks / 2)));
        using var deadline = new CancellationTokenSource(Clamp(remaining - margin), _options.Time);
        if (_options.SetTraceEnvironmentVariable) Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", invocation.TraceId);
        var context = new InvocationContext(invocation.RequestId, invocation.Deadline, invocation.TraceId);

        var work = RunHandlerAsync(handler, invocation, context, deadline.Token);
        var abandonAfter = Clamp(remaining - TimeSpan.FromTicks(Math.Min(_options.AbandonBeforeDeadline.Ticks, margin.Ticks / 2)));
        using var giveUp = new CancellationTokenSource();
        var finished = await Task.WhenAny(work, Task.Delay(abandonAfter, _options.Time, giveUp.Token)).ConfigureAwait(false);
        if (finished != work)
        {
            var stuck = new FunctionTimeoutException(
                $"{handler.Name} did not stop when cancelled {margin.TotalMilliseconds:0} ms before the invocation deadline ({invocation.Deadline:O}); the runtime gave up on it and restarts");
            await PostErrorAsync(invocation.RequestId, FunctionError.From(stuck)).ConfigureAwait(false);
            return false;
        }
        await giveUp.CancelAsync().ConfigureAwait(false);

        var (result, error) = await work.ConfigureAwait(false);
        if (error is not null)
        {
            await PostErrorAsync(invocation.RequestId, error).ConfigureAwait(false);
            return true;
        }
        if (!await _api.PostResponseAsync(invocation.RequestId, result!, CancellationToken.None).ConfigureAwait(false))
        {
            var tooLarge = new FunctionResponseTooLargeException(
                $"{handler.Name} returned {result!.Length} bytes, more than Lambda accepts for a response (6 MB)");
            await PostErrorAsync(invocation.RequestId, FunctionError.From(tooLarge)).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>The handler's JSON result, or the error to report; never throws.</summary>
    private static async Task<(byte[]? Result, FunctionError? Error)> RunHandlerAsync(IFunctionHandler handler, RuntimeInvocation invocation,
        InvocationContext context, CancellationToken deadline)
    {
        try
        {
            var input = invocation.Event.Length == 0 ? null : JsonNode.Parse(invocation.Event);
            var output = await handler.HandleAsync(input, context, deadline).ConfigureAwait(false);
            return (output is null ? "null"u8.ToArray() : JsonSerializer.SerializeToUtf8Bytes(output), null);
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested)
        {
            return (null, FunctionError.From(new FunctionTimeoutException(
                $"{handler.Name} was cancelled shortly before the invocation deadline ({invocation.Deadline:O}) and did not finish", e)));
        }
        catch (Exception e)
        {
            return (null, FunctionError.From(e));
        }
    }

    private async Task PostErrorAsync(string requestId, FunctionError error)
    {
        _options.Log.WriteLine($"{requestId} ERROR {error.ErrorType}: {error.ErrorMessage}");
        await _api.PostErrorAsync(requestId, error, CancellationToken.None).ConfigureAwait(false);
    }

    // Lambda's longest timeout is 15 minutes; a bogus deadline must not overflow a timer.
    private static TimeSpan Clamp(TimeSpan delay) => delay < TimeSpan.Zero ? TimeSpan.Zero : delay > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : delay;
}
