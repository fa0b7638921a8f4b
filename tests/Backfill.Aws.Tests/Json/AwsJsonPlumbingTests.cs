using System.Net;
using System.Text.Json;
using Backfill.Aws.Json;

namespace Backfill.Aws.Tests.Json;

public sealed class AwsJsonPlumbingTests
{
    [Theory]
    [InlineData("com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist", "ExecutionDoesNotExist")]
    [InlineData("ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.awsgirafferestservice/", "ResourceNotFoundException")]
    [InlineData("aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError")]
    [InlineData("  ThrottlingException ", "ThrottlingException")]
    [InlineData("", null)]
    public void Error_codes_lose_their_namespace_and_url(string raw, string? expected) =>
        Assert.Equal(expected, AwsErrorParser.CleanCode(raw));

    [Fact]
    public void The_body_code_is_used_when_there_is_no_error_type_header()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest);
        var details = AwsErrorParser.Parse("Step Functions", "StartExecution", HttpStatusCode.BadRequest, response.Headers,
            """{"__type":"com.amazonaws.swf#InvalidExecutionInput","message":"Invalid State Machine Execution Input"}"""u8);
        Assert.Equal(("InvalidExecutionInput", "Invalid State Machine Execution Input"), (details.ErrorCode, details.Message));
    }

    [Fact]
    public void The_error_type_header_wins_over_the_body()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest);
        response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", "ValidationException:http://x/");
        response.Headers.TryAddWithoutValidation("x-amzn-RequestId", "rid-1");
        var details = AwsErrorParser.Parse("EventBridge Scheduler", "CreateSchedule", HttpStatusCode.BadRequest, response.Headers,
            """{"code":"Other","Message":"Invalid Schedule Expression"}"""u8);
        Assert.Equal(("ValidationException", "Invalid Schedule Expression", "rid-1"), (details.ErrorCode, details.Message, details.RequestId));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "Whatever", true)]
    [InlineData(HttpStatusCode.BadGateway, "Http502", true)]
    [InlineData(HttpStatusCode.TooManyRequests, "TooManyRequestsException", true)]
    [InlineData(HttpStatusCode.BadRequest, "ThrottlingException", true)]
    [InlineData(HttpStatusCode.BadRequest, "ValidationException", false)]
    [InlineData(HttpStatusCode.NotFound, "ResourceNotFoundException", false)]
    [InlineData(HttpStatusCode.Conflict, "ResourceConflictException", false)]
    public void Retryable_means_throttling_or_server_side(HttpStatusCode status, string code, bool retryable) =>
        Assert.Equal(retryable, AwsErrorCodes.IsRetryable(status, code));

    [Fact]
    public void Epoch_seconds_round_trip_with_milliseconds()
    {
        var options = AwsJsonOptions.CamelCase;
        var value = DateTimeOffset.FromUnixTimeMilliseconds(1_720_000_000_123);
        var json = JsonSerializer.Serialize(value, options);
        Assert.Equal("1720000000.123", json);
        Assert.Equal(value, JsonSerializer.Deserialize<DateTimeOffset>(json, options));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1720000000), JsonSerializer.Deserialize<DateTimeOffset>("1.72E9", options));
        Assert.Equal(new DateTimeOffset(2024, 3, 9, 17, 5, 42, TimeSpan.Zero), JsonSerializer.Deserialize<DateTimeOffset>("\"2024-03-09T17:05:42Z\"", options));
    }

    [Fact]
    public void Backoff_grows_exponentially_under_the_cap_with_full_jitter()
    {
        var policy = new AwsRetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1), Random = () => 1.0 };
        Assert.Equal([100, 200, 400, 800, 1000, 1000], Enumerable.Range(0, 6).Select(i => policy.DelayBefore(i).TotalMilliseconds));
        Assert.Equal(TimeSpan.Zero, (policy with { Random = () => 0 }).DelayBefore(5));
    }

    [Fact]
    public void Paths_escape_labels_and_query_values_the_sigv4_way()
    {
        string path = AwsPath.Format("/2015-03-31/functions/{FunctionName}/invocations", "arn:aws:lambda:x:1:function:f").Query("Qualifier", "$LATEST").Query("Skip", (string?)null);
        Assert.Equal("/2015-03-31/functions/arn%3Aaws%3Alambda%3Ax%3A1%3Afunction%3Af/invocations?Qualifier=%24LATEST", path);
    }
}
