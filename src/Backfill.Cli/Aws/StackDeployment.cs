using Backfill.Aws;
using Backfill.Aws.Json;
using Backfill.Aws.Lambda;
using Backfill.Aws.S3;
using Backfill.Aws.StepFunctions;
using Backfill.Core.Errors;
using Backfill.Core.Storage;
using Backfill.Functions.Runtime;
using Backfill.Local.Asl.Parsing;

namespace Backfill.Cli.Aws;

/// <summary>
/// `backfill deploy` without SAM: for a stack deployed once from statemachine/template.yaml, update the six functions'
/// code (skipped when the CodeSha256 already matches) and the state machine's definition with the same
/// DefinitionSubstitutions CloudFormation applies. Names follow the template: "{stack}-{Handler}" and "{stack}-backfill".
/// </summary>
public sealed class StackDeployment(LambdaClient lambda, StepFunctionsClient stepFunctions, TextWriter log)
{
    /// <summary>The environment variable the template sets to the staging bucket's name on every function.</summary>
    public const string StagingBucketVariable = "BACKFILL_STAGING_BUCKET";

    public sealed record Options(string StackName, string? PackagePath, string DefinitionPath)
    {
        public string? StateMachineArn { get; init; }
        public string? StagingBucket { get; init; }
        /// <summary>Where a package over 50 MB is uploaded (default: the staging bucket).</summary>
        public string? CodeBucket { get; init; }
        public bool Publish { get; init; }
        public TimeSpan UpdateTimeout { get; init; } = TimeSpan.FromMinutes(5);
        public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);
        public AwsClientOptions? S3Options { get; init; }
    }

    /// <param name="Action">"updated", "unchanged" or "published".</param>
    public sealed record Change(string Resource, string Name, string Action, string? Detail);

    public static string FunctionName(string stackName, string handler) => $"{stackName}-{handler}";

    public static string StateMachineName(string stackName) => $"{stackName}-backfill";

    public async Task<IReadOnlyList<Change>> DeployAsync(Options options, CancellationToken cancellationToken)
    {
        var definitionText = ReadDefinition(options.DefinitionPath);
        var package = options.PackagePath is null ? null : ReadPackage(options.PackagePath);
        var changes = new List<Change>();

        // 1. Find every function first, so a missing one fails the deploy before anything changed.
        var functions = new Dictionary<string, FunctionConfiguration>(StringComparer.Ordinal);
        foreach (var handler in LambdaFunctions.Names)
        {
            var name = FunctionName(options.StackName, handler);
            try
            {
                functions[handler] = (await lambda.GetFunctionAsync(name, cancellationToken: cancellationToken)).Configuration;
            }
            catch (AwsResourceNotFoundException)
            {
                throw new BackfillException(
                    $"Lambda function {name} does not exist: deploy the stack once with `sam deploy --stack-name {options.StackName}` " +
                    "(statemachine/template.yaml), then `backfill deploy` updates it");
            }
        }

        // 2. Code.
        if (package is not null)
        {
            (string Bucket, string Key)? uploaded = null;
            foreach (var handler in LambdaFunctions.Names)
            {
                var current = functions[handler];
                if (current.CodeSha256 == package.Value.Sha256)
                {
                    changes.Add(new Change("function", current.FunctionName, "unchanged", package.Value.Sha256));
                    continue;
                }
                var request = new UpdateFunctionCodeRequest(current.FunctionName);
                if (package.Value.Bytes.Length <= LambdaPackage.MaxDirectUploadBytes)
                {
                    request = request with { ZipFile = package.Value.Bytes };
                }
                else
                {
                    uploaded ??= await UploadAsync(options, functions, package.Value, cancellationToken);
                    request = request with { S3Bucket = uploaded.Value.Bucket, S3Key = uploaded.Value.Key };
                }
                log.WriteLine($"updating {current.FunctionName} code");
                await lambda.UpdateFunctionCodeAsync(request, cancellationToken);
                var updated = await lambda.WaitForUpdateAsync(current.FunctionName, options.UpdateTimeout, options.PollInterval, cancellationToken);
                functions[handler] = updated;
                changes.Add(new Change("function", current.FunctionName, "updated", updated.CodeSha256));
            }
        }
        if (options.Publish)
        {
            foreach (var handler in LambdaFunctions.Names)
            {
                var published = await lambda.PublishVersionAsync(new PublishVersionRequest(functions[handler].FunctionName)
                {
                    CodeSha256 = functions[handler].CodeSha256,
                    Description = "backfill deploy",
                }, cancellationToken);
                changes.Add(new Change("function", functions[handler].FunctionName, "published", "version " + published.Version));
            }
        }

        // 3. Definition, with the template's substitutions.
        var firstArn = functions[LambdaFunctions.Names[0]].FunctionArn
                       ?? throw new BackfillException($"GetFunction returned no FunctionArn for {functions[LambdaFunctions.Names[0]].FunctionName}");
        var functionArn = Arn.Parse(firstArn, "lambda", "function", "function ARN");
        var stagingBucket = options.StagingBucket ?? StagingBucketOf(functions.Values) ?? throw new BackfillException(
            $"the functions have no {StagingBucketVariable} variable (not deployed from statemachine/template.yaml?): pass --staging-bucket");
        var substitutions = LambdaFunctions.Names.ToDictionary(h => h + "FunctionArn", h => functions[h].FunctionArn!, StringComparer.Ordinal);
        substitutions["StagingBucket"] = stagingBucket;
        var definition = DefinitionSubstitutions.Apply(definitionText, substitutions, options.DefinitionPath);
        Backfill.Local.Asl.Model.StateMachine.Parse(definition, null, options.DefinitionPath); // a definition Step Functions would refuse fails here, before the update

        var stateMachineArn = options.StateMachineArn
                              ?? $"arn:{functionArn.Partition}:states:{functionArn.Region}:{functionArn.Account}:stateMachine:{StateMachineName(options.StackName)}";
        DescribeStateMachineResponse existing;
        try
        {
            existing = await stepFunctions.DescribeStateMachineAsync(stateMachineArn, cancellationToken);
        }
        catch (AwsResourceNotFoundException)
        {
            throw new BackfillException($"state machine {stateMachineArn} does not exist: deploy the stack once with SAM, or pass --state-machine");
        }
        if (SameJson(existing.Definition, definition) && !options.Publish)
        {
            changes.Add(new Change("state machine", existing.Name, "unchanged", null));
        }
        else
        {
            log.WriteLine($"updating state machine {existing.Name}");
            var updated = await stepFunctions.UpdateStateMachineAsync(new UpdateStateMachineRequest(stateMachineArn)
            {
                Definition = definition,
                Publish = options.Publish ? true : null,
                VersionDescription = options.Publish ? "backfill deploy" : null,
            }, cancellationToken);
            changes.Add(new Change("state machine", existing.Name, options.Publish ? "published" : "updated", updated.StateMachineVersionArn ?? updated.RevisionId));
        }
        return changes;
    }

    private static string? StagingBucketOf(IEnumerable<FunctionConfiguration> functions) =>
        functions.Select(f => f.Environment?.Variables?.GetValueOrDefault(StagingBucketVariable)).FirstOrDefault(b => !string.IsNullOrEmpty(b));

    private async Task<(string Bucket, string Key)> UploadAsync(Options options, Dictionary<string, FunctionConfiguration> functions,
        (byte[] Bytes, string Sha256) package, CancellationToken cancellationToken)
    {
        var bucket = options.CodeBucket ?? options.StagingBucket ?? StagingBucketOf(functions.Values)
                     ?? throw new BackfillException($"the package is over 50 MB, so it goes through S3: pass --code-bucket");
        var key = $"backfill-deploy/{Convert.ToHexStringLower(Convert.FromBase64String(package.Sha256))}.zip";
        using var stores = new S3BucketStores(options.S3Options ?? new AwsClientOptions());
        log.WriteLine($"uploading the package to s3://{bucket}/{key}");
        await stores.For(bucket).PutAsync(key, package.Bytes, cancellationToken);
        return (bucket, key);
    }

    private static string ReadDefinition(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BackfillException($"--definition {path}: cannot be read ({e.Message})");
        }
    }

    private static (byte[] Bytes, string Sha256)? ReadPackage(string path)
    {
        if (!File.Exists(path)) throw new BackfillException($"--package {path}: not found (build it with `backfill package`, or pass --skip-code)");
        var bytes = File.ReadAllBytes(path);
        return (bytes, Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(bytes)));
    }

    private static bool SameJson(string a, string b)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(a), System.Text.Json.Nodes.JsonNode.Parse(b));
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
