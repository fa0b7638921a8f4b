using System.Text.Json.Nodes;
using Backfill.Cli.Commands;
using Backfill.Local.Asl.Json;
using Backfill.Tests.Shared;

namespace Backfill.Cli.Tests;

public sealed class AslCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("asl-cli");

    public void Dispose() => _temp.Dispose();

    private string Write(string name, string content)
    {
        var path = _temp.Combine(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Run_prints_the_output_as_JSON_on_the_last_stdout_line()
    {
        var definition = Write("sm.json", """
            {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"greeting.$":"States.Format('hello {}', $.who)"},"End":true}}}
            """);
        var (exit, stdout, stderr) = await CliRunner.RunAsync("asl", "run", "--definition", definition, "--input", """{"who":"world"}""");
        Assert.True(exit == 0, stderr);
        var last = stdout.TrimEnd().Split('\n')[^1];
        Assert.Equal("""{"greeting":"hello world"}""", last);
    }

    [Fact]
    public async Task Run_reads_input_from_a_file_and_applies_substitutions()
    {
        var definition = Write("sm.json", """{"StartAt":"W","States":{"W":{"Type":"Pass","Result":{"bucket":"${Bucket}"},"ResultPath":"$.r","End":true}}}""");
        var input = Write("input.json", """{"a":[1,2]}""");
        var (exit, stdout, stderr) = await CliRunner.RunAsync("asl", "run", "--definition", definition, "--input-file", input, "--sub", "Bucket=staging", "--sub", "Unused=x");
        Assert.True(exit == 0, stderr);
        Assert.Equal("""{"a":[1,2],"r":{"bucket":"staging"}}""", stdout.Trim());
    }

    [Fact]
    public async Task At_FILE_reads_the_input_when_response_files_are_off()
    {
        var definition = Write("sm.json", """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""");
        var input = Write("in.json", """{"spaced key": "a b"}""");
        var stdout = new StringWriter();
        var root = new System.CommandLine.RootCommand();
        root.Subcommands.Add(AslCommand.Create());
        var parse = root.Parse(["asl", "run", "--definition", definition, "--input", "@" + input], new System.CommandLine.ParserConfiguration { ResponseFileTokenReplacer = null });
        var exit = await parse.InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = stdout, Error = new StringWriter() });
        Assert.Equal(0, exit);
        Assert.Equal("""{"spaced key":"a b"}""", stdout.ToString().Trim());
    }

    [Fact]
    public async Task A_failed_execution_prints_error_and_cause_on_stderr_and_exits_1()
    {
        var definition = Write("sm.json", """{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"ChunksFailed","Cause":"2 of 5 chunks failed"}}}""");
        var (exit, stdout, stderr) = await CliRunner.RunAsync("asl", "run", "--definition", definition);
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Equal("", stdout);
        Assert.Contains("error: ChunksFailed", stderr);
        Assert.Contains("cause: 2 of 5 chunks failed", stderr);
    }

    [Fact]
    public async Task An_unknown_resource_is_a_clear_error_before_anything_runs()
    {
        var definition = Write("sm.json", """{"StartAt":"Split","States":{"Split":{"Type":"Task","Resource":"${SplitArn}","End":true}}}""");
        var (exit, _, stderr) = await CliRunner.RunAsync("asl", "run", "--definition", definition, "--sub", "SplitArn=arn:aws:lambda:us-east-1:1:function:Split");
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("state 'Split'", stderr);
        Assert.Contains("arn:aws:lambda:us-east-1:1:function:Split", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_missing_substitution_is_named()
    {
        var definition = Write("sm.json", """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"${SplitArn}","End":true}}}""");
        var (exit, _, stderr) = await CliRunner.RunAsync("asl", "run", "--definition", definition);
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("${SplitArn}", stderr);
    }

    [Fact]
    public async Task Registered_handlers_serve_Task_states()
    {
        var definition = Write("sm.json", """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"Double","Payload.$":"$"},"OutputPath":"$.Payload","End":true}}}
            """);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var root = new System.CommandLine.RootCommand();
        root.Subcommands.Add(AslCommand.Create(handlers => handlers.Register("Double", input => JsonValue.Create(input!["n"]!.GetValue<int>() * 2))));
        var exit = await root.Parse(["asl", "run", "--definition", definition, "--input", """{"n":21}"""]).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = stdout, Error = stderr });
        Assert.True(exit == 0, stderr.ToString());
        Assert.Equal("42", stdout.ToString().Trim());
    }

    [Fact]
    public async Task History_goes_to_stderr_as_JSON_lines()
    {
        var definition = Write("sm.json", """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""");
        var (exit, _, stderr) = await CliRunner.RunAsync("asl", "run", "--definition", definition, "--history", "--name", "n1");
        Assert.Equal(0, exit);
        var types = stderr.Trim().Split('\n').Select(l => JsonValues.Parse(l)!["type"]!.GetValue<string>());
        Assert.Equal(["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"], types);
    }

    [Fact]
    public async Task A_Distributed_Map_reads_items_from_the_store_directory()
    {
        Write("store/data/items.jsonl", "{\"n\":1}\n{\"n\":2}\n");
        var definition = Write("sm.json", """
            {"StartAt":"M","States":{"M":{"Type":"Map","End":true,
              "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSONL"},"Parameters":{"Bucket":"data","Key":"items.jsonl"}},
              "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","OutputPath":"$.n","End":true}}}}}}
            """);
        var (exit, stdout, stderr) = await CliRunner.RunAsync("asl", "run", "--definition", definition, "--store", _temp.Combine("store"));
        Assert.True(exit == 0, stderr);
        Assert.Equal("[1,2]", stdout.Trim());
    }

    [Fact]
    public async Task Bad_input_is_a_usage_error()
    {
        var definition = Write("sm.json", """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""");
        var (exit, _, stderr) = await CliRunner.RunAsync("asl", "run", "--definition", definition, "--input", "{nope");
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("--input: the execution input is not valid JSON", stderr);
        (exit, _, stderr) = await CliRunner.RunAsync("asl", "run", "--definition", _temp.Combine("missing.json"));
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("missing.json", stderr);
    }

    [Fact]
    public async Task Validate_accepts_a_good_definition_and_names_state_and_field_of_a_bad_one()
    {
        var good = Write("good.json", """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"${Fn}","End":true}}}""");
        var (exit, stdout, _) = await CliRunner.RunAsync("asl", "validate", good);
        Assert.Equal(0, exit);
        Assert.Contains("valid (1 states; unsubstituted placeholders: Fn)", stdout);

        var bad = Write("bad.json", """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Missing"}}}""");
        string stderr;
        (exit, _, stderr) = await CliRunner.RunAsync("asl", "validate", bad);
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("bad.json", stderr);
        Assert.Contains("state 'A' field 'Next'", stderr);
        Assert.Contains("'Missing'", stderr);
    }
}
