using System.Text.RegularExpressions;
using Backfill.Cli.Aws;
using Backfill.Functions.Runtime;
using Backfill.Local.Asl.Parsing;
using Backfill.Tests.Shared;
using YamlDotNet.RepresentationModel;

namespace Backfill.Cli.Tests.Aws;

/// <summary>
/// statemachine/template.yaml against the things it must agree with: the definition's ${…} substitutions, the
/// runtime's handler names, the names `backfill deploy` derives, the package path, and its own references.
/// </summary>
public sealed partial class TemplateTests
{
    private static readonly string TemplatePath = Path.Combine(RepoPaths.StateMachine, "template.yaml");
    private static readonly YamlMappingNode Template = Load();
    private static readonly HashSet<string> Pseudo = ["AWS::AccountId", "AWS::Region", "AWS::StackName", "AWS::Partition", "AWS::NoValue", "AWS::URLSuffix", "AWS::StackId"];

    private static YamlMappingNode Load()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(TemplatePath);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    private static YamlNode? Get(YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string Text(YamlNode? node) => ((YamlScalarNode)node!).Value!;

    /// <summary>"!Ref", "!GetAtt", … or null for an untagged node.</summary>
    private static string? Tag(YamlNode node) => node.Tag.IsEmpty || node.Tag.IsNonSpecific ? null : node.Tag.Value;

    private static IEnumerable<(string Name, YamlMappingNode Resource)> Resources(string? type = null) =>
        Map(Template, "Resources").Children
            .Select(c => (Name: Text(c.Key), Resource: (YamlMappingNode)c.Value))
            .Where(r => type is null || Text(Get(r.Resource, "Type")) == type);

    private static YamlMappingNode Properties(YamlMappingNode resource) => Map(resource, "Properties");

    private static IEnumerable<YamlNode> Descendants(YamlNode node)
    {
        yield return node;
        var children = node switch
        {
            YamlMappingNode m => m.Children.SelectMany(c => new[] { c.Key, c.Value }),
            YamlSequenceNode s => s.Children,
            _ => [],
        };
        foreach (var child in children)
            foreach (var d in Descendants(child)) yield return d;
    }

    [GeneratedRegex(@"\$\{([A-Za-z0-9:._]+)\}")]
    private static partial Regex SubVariable();

    [Fact]
    public void Every_substitution_in_the_definition_has_a_value_and_every_value_names_a_resource()
    {
        var definitionFile = Path.Combine(RepoPaths.StateMachine, "backfill.asl.json");
        Assert.True(File.Exists(definitionFile), "statemachine/backfill.asl.json is missing");
        var (_, machine) = Assert.Single(Resources("AWS::Serverless::StateMachine"));
        var properties = Properties(machine);
        Assert.Equal(definitionFile, Path.GetFullPath(Path.Combine(RepoPaths.StateMachine, Text(Get(properties, "DefinitionUri")))));

        var substitutions = Map(properties, "DefinitionSubstitutions").Children.ToDictionary(c => Text(c.Key), c => c.Value);
        var used = DefinitionSubstitutions.Names(File.ReadAllText(definitionFile));
        Assert.NotEmpty(used);
        foreach (var name in used)
            Assert.True(substitutions.ContainsKey(name), $"${{{name}}} in backfill.asl.json has no DefinitionSubstitutions value in template.yaml");

        var resources = Resources().ToDictionary(r => r.Name, r => r.Resource);
        foreach (var (name, value) in substitutions)
        {
            var scalar = Assert.IsType<YamlScalarNode>(value);
            var target = Tag(scalar) switch
            {
                "!GetAtt" => scalar.Value!.Split('.')[0],
                "!Ref" => scalar.Value!,
                var tag => throw new Xunit.Sdk.XunitException($"substitution {name} is {tag} {scalar.Value}; expected !GetAtt or !Ref of a resource"),
            };
            Assert.True(resources.ContainsKey(target), $"substitution {name} refers to {target}, which is not a resource");
            if (name.EndsWith("FunctionArn", StringComparison.Ordinal))
            {
                // ${XFunctionArn} must be the function whose handler is X: the same name the local engine maps it by.
                var function = resources[target];
                Assert.Equal("AWS::Serverless::Function", Text(Get(function, "Type")));
                Assert.Equal(name[..^"FunctionArn".Length], Text(Get(Properties(function), "Handler")));
            }
        }
        Assert.Equal($"${{AWS::StackName}}-backfill", Text(Get(properties, "Name")));
        Assert.Equal(StackDeployment.StateMachineName("${AWS::StackName}"), Text(Get(properties, "Name")));
    }

    [Fact]
    public void Functions_are_the_runtimes_handlers_named_as_deploy_expects_from_the_package_path()
    {
        var functions = Resources("AWS::Serverless::Function").ToList();
        var handlers = functions.Select(f => Text(Get(Properties(f.Resource), "Handler"))).ToList();
        Assert.Equal(LambdaFunctions.Names.Order(), handlers.Order());
        foreach (var (_, function) in functions)
        {
            var handler = Text(Get(Properties(function), "Handler"));
            Assert.Equal(StackDeployment.FunctionName("${AWS::StackName}", handler), Text(Get(Properties(function), "FunctionName")));
            Assert.NotNull(Get(Properties(function), "Timeout"));
            Assert.NotNull(Get(Properties(function), "MemorySize"));
            Assert.NotNull(Get(Get(Properties(function), "LoggingConfig")!, "LogGroup"));
        }
        var globals = Map(Map(Template, "Globals"), "Function");
        Assert.Equal("provided.al2023", Text(Get(globals, "Runtime")));
        Assert.Equal(Path.Combine(RepoPaths.Root, RepositoryLayout.DefaultPackage), Path.GetFullPath(Path.Combine(RepoPaths.StateMachine, Text(Get(globals, "CodeUri")))));
        Assert.Contains(StackDeployment.StagingBucketVariable, Map(Map(globals, "Environment"), "Variables").Children.Keys.Select(Text));
    }

    [Fact]
    public void Every_reference_resolves_to_a_parameter_resource_condition_or_pseudo_parameter()
    {
        var parameters = Map(Template, "Parameters").Children.Keys.Select(Text).ToHashSet();
        var resources = Resources().Select(r => r.Name).ToHashSet();
        var conditions = Map(Template, "Conditions").Children.Keys.Select(Text).ToHashSet();
        var problems = new List<string>();
        foreach (var node in Descendants(Template))
        {
            switch (node)
            {
                case YamlScalarNode r when Tag(r) == "!Ref" && !parameters.Contains(r.Value!) && !resources.Contains(r.Value!) && !Pseudo.Contains(r.Value!):
                    problems.Add($"!Ref {r.Value} (line {r.Start.Line})");
                    break;
                case YamlScalarNode g when Tag(g) == "!GetAtt" && !resources.Contains(g.Value!.Split('.')[0]):
                    problems.Add($"!GetAtt {g.Value} (line {g.Start.Line})");
                    break;
                case YamlScalarNode s when Tag(s) == "!Sub":
                    foreach (Match m in SubVariable().Matches(s.Value!))
                    {
                        var name = m.Groups[1].Value.Split('.')[0];
                        if (!parameters.Contains(name) && !resources.Contains(name) && !Pseudo.Contains(m.Groups[1].Value))
                            problems.Add($"${{{m.Groups[1].Value}}} in !Sub (line {s.Start.Line})");
                    }
                    break;
                case YamlSequenceNode i when Tag(i) == "!If" && !conditions.Contains(Text(i.Children[0])):
                    problems.Add($"!If {Text(i.Children[0])} (line {i.Start.Line})");
                    break;
            }
        }
        foreach (var (name, resource) in Resources())
            if (Get(resource, "Condition") is YamlScalarNode c && !conditions.Contains(c.Value!)) problems.Add($"{name}: Condition {c.Value}");
        Assert.True(problems.Count == 0, "unresolved references: " + string.Join(", ", problems));
    }

    [Fact]
    public void The_state_machine_role_may_invoke_exactly_the_functions_and_start_its_own_child_executions()
    {
        var role = Resources().Single(r => r.Name == "StateMachineRole").Resource;
        var nodes = Descendants(role).OfType<YamlScalarNode>().ToList();
        var invoked = nodes.Where(n => Tag(n) == "!GetAtt").Select(n => n.Value!.Split('.')[0]).ToHashSet();
        Assert.Equal(Resources("AWS::Serverless::Function").Select(f => f.Name).ToHashSet(), invoked);
        Assert.Contains(nodes, n => n.Value == "states:StartExecution");
        Assert.Contains(nodes, n => Tag(n) == "!Sub" && n.Value!.EndsWith(":stateMachine:${AWS::StackName}-backfill", StringComparison.Ordinal));
        Assert.Contains(nodes, n => n.Value == "s3:ListMultipartUploadParts"); // ResultWriter
    }

    [Fact]
    public void Staging_objects_expire_and_the_replay_schedule_targets_the_state_machine()
    {
        var bucket = Properties(Resources("AWS::S3::Bucket").Single().Resource);
        var rule = (YamlMappingNode)((YamlSequenceNode)Get(Map(bucket, "LifecycleConfiguration"), "Rules")!).Children[0];
        Assert.Equal("StagingExpirationDays", Text(Get(rule, "ExpirationInDays")));
        Assert.NotNull(Get(rule, "AbortIncompleteMultipartUpload"));

        var (_, schedule) = Assert.Single(Resources("AWS::Scheduler::Schedule"));
        Assert.Equal("HasReplaySchedule", Text(Get(schedule, "Condition")));
        var target = Map(Properties(schedule), "Target");
        Assert.Equal("BackfillStateMachine", Text(Get(target, "Arn")));
        Assert.Equal("ReplayInput", Text(Get(target, "Input")));
        Assert.NotNull(Get(target, "RetryPolicy"));
        Assert.NotNull(Get(target, "DeadLetterConfig"));
    }
}
