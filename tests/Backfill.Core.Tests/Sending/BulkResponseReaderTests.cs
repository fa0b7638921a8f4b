using System.Text;
using Backfill.Core.OpenSearch;

namespace Backfill.Core.Tests.Sending;

public sealed class BulkResponseReaderTests
{
    [Fact]
    public void Reads_statuses_results_and_errors_in_order()
    {
        var json = """
            {"took":3,"errors":true,"items":[
              {"index":{"_index":"a","_id":"1","_version":1,"result":"created","_shards":{"total":2,"successful":1,"failed":0},"_seq_no":0,"_primary_term":1,"status":201}},
              {"index":{"_index":"a","_id":"2","status":429,"error":{"type":"rejected_execution_exception","reason":"rejected execution of coordinating operation"}}},
              {"create":{"_index":"a","_id":"3","status":400,"error":{"type":"illegal_argument_exception","reason":"bad","caused_by":{"type":"x_exception","reason":"inner"}}}},
              {"delete":{"_index":"a","_id":"4","result":"not_found","status":404}},
              {"index":{"_index":"a","_id":"5","result":"noop","status":200}}
            ]}
            """;
        var items = BulkResponseReader.ReadItems(Encoding.UTF8.GetBytes(json), 5);
        Assert.Equal(new BulkItemResult(201, null, null, "created"), items[0]);
        Assert.Equal(429, items[1].Status);
        Assert.True(items[1].IsRetryable);
        Assert.Equal("rejected_execution_exception", items[1].ErrorType);
        Assert.Equal("illegal_argument_exception", items[2].ErrorType);
        Assert.Equal("bad (caused by x_exception: inner)", items[2].Reason);
        Assert.False(items[2].IsRetryable);
        Assert.Equal(404, items[3].Status);
        Assert.Equal("noop", items[4].Result);
    }

    [Fact]
    public void Item_count_mismatch_is_a_protocol_error()
    {
        var e = Assert.Throws<OpenSearchProtocolException>(() => BulkResponseReader.ReadItems("{\"errors\":false,\"items\":[]}"u8, 2));
        Assert.Contains("0 items for 2 actions", e.Message);
    }

    [Theory]
    [InlineData("{\"error\":{\"root_cause\":[],\"type\":\"security_exception\",\"reason\":\"missing authentication credentials\"},\"status\":401}", 401, "security_exception", "missing authentication credentials")]
    [InlineData("{\"message\":\"The security token included in the request is invalid.\"}", 403, "http_403", "The security token included in the request is invalid.")]
    [InlineData("<html>Bad Gateway</html>", 502, "http_502", "<html>Bad Gateway</html>")]
    [InlineData("", 503, "http_503", "503 Service Unavailable")]
    public void Whole_request_errors(string body, int status, string type, string reason)
    {
        Assert.Equal((type, reason), BulkResponseReader.ReadError(Encoding.UTF8.GetBytes(body), status));
    }
}
