using Backfill.Functions.Runtime;
using Backfill.Tests.Shared;

namespace Backfill.Cli.Tests.Aws;

public sealed class DeployCommandTests
{
    private const string Stack = "prod";
    private static readonly string Machine = FakeAwsCloud.StateMachineArn("prod-backfill");

    private static FakeAwsCloud WithStack(FakeAwsCloud cloud)
    {
        foreach (var name in LambdaFunctions.Names) cloud.AddFunction($"{Stack}-{name}", "prod-staging-bucket");
        cloud.StateMachines[Machine] = """{"StartAt":"Old","States":{"Old":{"Type":"Succeed"}}}""";
        return cloud;
    }

    private static string Package(TempDirectory dir)
    {
        var content = dir.Combine("publish");
        Directory.CreateDirectory(content);
        File.WriteAllText(Path.Combine(content, "bootstrap"), "#!/bin/sh\n");
        var zip = dir.Combine("lambda.zip");
        Backfill.Cli.Aws.LambdaPackage.Zip(content, zip);
        return zip;
    }

    [Fact]
    public async Task Deploy_updates_every_function_and_the_definition_with_its_substitutions_then_nothing_the_second_time()
    {
        await using var cloud = WithStack(await FakeAwsCloud.StartAsync());
        using var dir = new TempDirectory("deploy");
        var zip = Package(dir);
        var definition = Path.Combine(RepoPaths.StateMachine, "backfill.asl.json");
        string[] args = ["deploy", "--stack-name", Stack, "--package", zip, "--definition", definition, "--endpoint-url", cloud.Endpoint, "--region", "eu-west-1"];

        var (exit, stdout, stderr) = await CliRunner.RunAsync(args);

        Assert.True(exit == 0, stderr);
        var sha = Backfill.Cli.Aws.LambdaPackage.CodeSha256(zip);
        Assert.All(LambdaFunctions.Names, name => Assert.Equal(sha, cloud.Functions[$"{Stack}-{name}"]["CodeSha256"]!.GetValue<string>()));
        Assert.Equal(6, cloud.CallsOf("UpdateFunctionCode").Count);
        var deployed = cloud.StateMachines[Machine];
        Assert.DoesNotContain("${", deployed);
        foreach (var name in LambdaFunctions.Names)
            Assert.Contains($"arn:aws:lambda:eu-west-1:123456789012:function:{Stack}-{name}", deployed);
        Backfill.Local.Asl.Model.StateMachine.Parse(deployed); // still a valid definition
        Assert.Contains("state machine  prod-backfill", stdout);

        var (again, secondOut, _) = await CliRunner.RunAsync(args);

        Assert.Equal(0, again);
        Assert.Equal(6, cloud.CallsOf("UpdateFunctionCode").Count); // the same package is not uploaded again
        Assert.Single(cloud.CallsOf("UpdateStateMachine"));
        Assert.Equal(7, secondOut.Split('\n').Count(l => l.Contains("unchanged")));
    }

    [Fact]
    public async Task A_stack_that_was_never_deployed_is_explained()
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        using var dir = new TempDirectory("deploy");

        var (exit, _, stderr) = await CliRunner.RunAsync("deploy", "--stack-name", Stack, "--package", Package(dir),
            "--definition", Path.Combine(RepoPaths.StateMachine, "backfill.asl.json"), "--endpoint-url", cloud.Endpoint, "--region", "eu-west-1");

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("Lambda function prod-ValidateInput does not exist: deploy the stack once with `sam deploy --stack-name prod`", stderr);
        Assert.Empty(cloud.CallsOf("UpdateFunctionCode"));
    }

    [Fact]
    public async Task A_missing_package_points_to_backfill_package()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("deploy", "--stack-name", Stack, "--package", "/nonexistent/lambda.zip", "--definition",
            Path.Combine(RepoPaths.StateMachine, "backfill.asl.json"), "--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:9");
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("--package /nonexistent/lambda.zip: not found (build it with `backfill package`", stderr);
    }
}
