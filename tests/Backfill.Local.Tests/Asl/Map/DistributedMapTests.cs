using System.Text;
using System.Text.Json.Nodes;
using Backfill.Core.Storage;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Tasks;
using Backfill.Tests.Shared;

namespace Backfill.Local.Tests.Asl.Map;

public sealed class DistributedMapTests : IDisposable
{
    private readonly TempDirectory _temp = new("asl-dmap");
    private readonly AslTestKit _kit = new();

    public DistributedMapTests() => _kit.ObjectStores = bucket => new LocalDirectoryObjectStore(Path.Combine(_temp.Path, bucket));

    public void Dispose() => _temp.Dispose();

    private async Task PutAsync(string bucket, string key, string content) =>
        await new LocalDirectoryObjectStore(Path.Combine(_temp.Path, bucket)).PutAsync(key, Encoding.UTF8.GetBytes(content));

    private static string Distributed(string mapFields, string processor = """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""") =>
        """{"StartAt":"M","States":{"M":{"Type":"Map",""" + mapFields + ""","ItemProcessor":""" +
        processor.Insert(1, "\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},") + ""","End":true}}}""";

    [Theory]
    [InlineData("JSON", """[{"a":1},{"a":2},{"a":3}]""")]
    [InlineData("JSONL", "{\"a\":1}\n{\"a\":2}\n\n{\"a\":3}\n")]
    public async Task Reads_items_from_a_JSON_or_JSON_Lines_object(string inputType, string content)
    {
        await PutAsync("data", "items/list", content);
        var result = await _kit.RunAsync(Distributed($$$"""
            "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"{{{inputType}}}"},"Parameters":{"Bucket":"data","Key.$":"$.key"}},
            "ItemSelector":{"a.$":"$$.Map.Item.Value.a","i.$":"$$.Map.Item.Index"}
            """), """{"key":"items/list"}""");
        AslTestKit.AssertJson("""[{"a":1,"i":0},{"a":2,"i":1},{"a":3,"i":2}]""", result.Output);
        Assert.Single(_kit.History.OfType("MapRunStarted"));
        Assert.Equal(3, _kit.History.Events.Count(e => e.Type == "ExecutionStarted" && e.ExecutionArn.Contains("/M:")));
    }

    [Fact]
    public async Task Reads_CSV_rows_as_objects_of_strings()
    {
        await PutAsync("data", "x.csv", "name,note\r\nJul95,\"a, quoted \"\"note\"\"\"\nAug95,\"two\nlines\"\n");
        var result = await _kit.RunAsync(Distributed("""
            "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"},"Parameters":{"Bucket":"data","Key":"x.csv"}}
            """));
        AslTestKit.AssertJson("""[{"name":"Jul95","note":"a, quoted \"note\""},{"name":"Aug95","note":"two\nlines"}]""", result.Output);
    }

    [Fact]
    public async Task CSV_with_given_headers_a_delimiter_and_MaxItems()
    {
        await PutAsync("data", "x.csv", "1|a\n2|b\n3|c\n");
        var result = await _kit.RunAsync(Distributed("""
            "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"GIVEN","CSVHeaders":["n","l"],"CSVDelimiter":"PIPE","MaxItems":2},
              "Parameters":{"Bucket":"data","Key":"x.csv"}}
            """));
        AslTestKit.AssertJson("""[{"n":"1","l":"a"},{"n":"2","l":"b"}]""", result.Output);
    }

    [Fact]
    public async Task ListObjectsV2_yields_one_item_per_object()
    {
        await PutAsync("data", "chunks/a/manifest.jsonl", "12345");
        await PutAsync("data", "chunks/b/manifest.jsonl", "1");
        await PutAsync("data", "other/c", "1");
        var result = await _kit.RunAsync(Distributed("""
            "ItemReader":{"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket":"data","Prefix":"chunks/"}}
            """));
        var items = (JsonArray)result.Output!;
        Assert.Equal(["chunks/a/manifest.jsonl", "chunks/b/manifest.jsonl"], items.Select(i => i!["Key"]!.GetValue<string>()));
        Assert.Equal(5, items[0]!["Size"]!.GetValue<long>());
        Assert.Equal("STANDARD", items[0]!["StorageClass"]!.GetValue<string>());
        Assert.True(items[0]!["LastModified"]!.GetValue<long>() > 1_600_000_000);
        Assert.NotNull(items[0]!["Etag"]);
    }

    [Fact]
    public async Task ItemBatcher_groups_items_with_BatchInput()
    {
        var result = await _kit.RunAsync(Distributed("""
            "ItemsPath":"$.items","ItemBatcher":{"MaxItemsPerBatch":2,"BatchInput":{"run.$":"$.run"}}
            """), """{"run":"r1","items":[1,2,3,4,5]}""");
        AslTestKit.AssertJson("""
            [{"Items":[1,2],"BatchInput":{"run":"r1"}},{"Items":[3,4],"BatchInput":{"run":"r1"}},{"Items":[5],"BatchInput":{"run":"r1"}}]
            """, result.Output);
    }

    [Fact]
    public async Task ItemBatcher_respects_MaxInputBytesPerBatch()
    {
        var result = await _kit.RunAsync(Distributed("""
            "ItemsPath":"$.items","ItemBatcher":{"MaxInputBytesPerBatch":60}
            """), """{"items":["aaaaaaaaaa","bbbbbbbbbb","cccccccccc","dddddddddd"]}""");
        var batches = (JsonArray)result.Output!;
        Assert.True(batches.Count >= 2);
        Assert.All(batches, b => Assert.True(Encoding.UTF8.GetByteCount(JsonValues.ToJson(b)) <= 60, JsonValues.ToJson(b)));
        Assert.Equal(4, batches.Sum(b => ((JsonArray)b!["Items"]!).Count));
    }

    [Fact]
    public async Task ResultWriter_writes_manifest_and_result_files_and_outputs_their_location()
    {
        _kit.Handlers.Register("Work", (input, _, _) =>
            input!.GetValue<int>() == 2 ? throw new AslTaskException("Bad", "item 2") : Task.FromResult<JsonNode?>(JsonValue.Create(input.GetValue<int>() * 10)));
        var result = await _kit.RunAsync(Distributed("""
            "ItemsPath":"$.items","ToleratedFailureCount":1,"MaxConcurrency":2,
            "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"results","Prefix":"runs/r1"}}
            """, """{"StartAt":"W","States":{"W":{"Type":"Task","Resource":"Work","End":true}}}"""), """{"items":[1,2,3]}""");
        AslTestKit.AssertSucceeded(result);
        var mapRunArn = result.Output!["MapRunArn"]!.GetValue<string>();
        Assert.StartsWith("arn:aws:states:us-east-1:123456789012:mapRun:LocalStateMachine/M:", mapRunArn);
        var key = result.Output["ResultWriterDetails"]!["Key"]!.GetValue<string>();
        Assert.Equal("results", result.Output["ResultWriterDetails"]!["Bucket"]!.GetValue<string>());
        Assert.Equal($"runs/r1/{mapRunArn[(mapRunArn.LastIndexOf(':') + 1)..]}/manifest.json", key);

        var store = new LocalDirectoryObjectStore(Path.Combine(_temp.Path, "results"));
        var manifest = JsonValues.Parse(await store.ReadAllBytesAsync(key))!;
        Assert.Equal("results", manifest["DestinationBucket"]!.GetValue<string>());
        Assert.Equal(mapRunArn, manifest["MapRunArn"]!.GetValue<string>());
        Assert.Empty((JsonArray)manifest["ResultFiles"]!["PENDING"]!);
        var succeededFile = manifest["ResultFiles"]!["SUCCEEDED"]![0]!;
        Assert.EndsWith("/SUCCEEDED_0.json", succeededFile["Key"]!.GetValue<string>());
        var succeeded = (JsonArray)JsonValues.Parse(await store.ReadAllBytesAsync(succeededFile["Key"]!.GetValue<string>()))!;
        Assert.Equal(succeededFile["Size"]!.GetValue<long>(), (await store.GetInfoAsync(succeededFile["Key"]!.GetValue<string>()))!.Length);
        Assert.Equal(["10", "30"], succeeded.Select(s => s!["Output"]!.GetValue<string>()).Order());
        Assert.All(succeeded, s => Assert.Equal("SUCCEEDED", s!["Status"]!.GetValue<string>()));
        Assert.All(succeeded, s => Assert.Contains(":execution:LocalStateMachine/M:", s!["ExecutionArn"]!.GetValue<string>()));
        var failed = (JsonArray)JsonValues.Parse(await store.ReadAllBytesAsync(manifest["ResultFiles"]!["FAILED"]![0]!["Key"]!.GetValue<string>()))!;
        var failure = Assert.Single(failed)!;
        Assert.Equal(("FAILED", "Bad", "item 2", "2"), (failure["Status"]!.GetValue<string>(), failure["Error"]!.GetValue<string>(), failure["Cause"]!.GetValue<string>(), failure["Input"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Without_tolerance_one_failed_child_exceeds_the_threshold()
    {
        var result = await _kit.RunAsync(Distributed("\"ItemsPath\":\"$\"", """{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Nope"}}}"""), "[1]");
        Assert.Equal(AslErrorNames.ExceedToleratedFailureThreshold, result.Error);
        Assert.Single(_kit.History.OfType("MapRunFailed"));
    }

    [Fact]
    public async Task Reader_problems_are_ItemReaderFailed()
    {
        var result = await _kit.RunAsync(Distributed("""
            "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSON"},"Parameters":{"Bucket":"data","Key":"missing.json"}}
            """));
        Assert.Equal(AslErrorNames.ItemReaderFailed, result.Error);
        Assert.Contains("missing.json", result.Cause);
        await PutAsync("data", "bad.json", """{"not":"an array"}""");
        var notArray = await _kit.RunAsync(Distributed("""
            "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSON"},"Parameters":{"Bucket":"data","Key":"bad.json"}}
            """));
        Assert.Equal(AslErrorNames.ItemReaderFailed, notArray.Error);
        Assert.Contains("JSON array", notArray.Cause);
    }
}
