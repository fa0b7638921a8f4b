using System.Text;
using Backfill.Core.Errors;
using Backfill.Core.Input;
using Backfill.Core.Sources;

namespace Backfill.Cli.Aws;

/// <summary>
/// An execution input file checked before it is sent to AWS: the schema's rules (<see cref="ExecutionInputParser"/>),
/// then what only works locally — a staging directory, the embedded endpoint, local files as sources — and Step
/// Functions' 256 KiB input limit. Every problem is reported at once, with its JSON path.
/// </summary>
public sealed record AwsExecutionInput(string Text, ExecutionInput Input)
{
    /// <summary>Step Functions refuses execution inputs larger than this (UTF-8 bytes).</summary>
    public const int MaxInputBytes = 256 * 1024;

    public static AwsExecutionInput Load(string path, string option = "--input")
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BackfillException($"{option} {path}: file not found (expected an execution input JSON file, see statemachine/input.schema.json)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BackfillException($"{option} {path}: cannot be read ({e.Message})");
        }
        var input = ExecutionInputParser.Parse(bytes, path);
        var text = Encoding.UTF8.GetString(bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes.AsSpan(3) : bytes);
        var problems = ProblemsOnAws(input).ToList();
        if (bytes.Length > MaxInputBytes)
            problems.Add($"$: the input is {bytes.Length} bytes, more than the 256 KiB Step Functions accepts (move long source lists into several executions)");
        if (problems.Count > 0) throw new InputValidationException(path, problems);
        return new AwsExecutionInput(text, input);
    }

    /// <summary>What a valid input still cannot do when it runs in Lambda.</summary>
    public static IEnumerable<string> ProblemsOnAws(ExecutionInput input)
    {
        if (input.Staging.Bucket is null)
            yield return $"$.staging: a local directory (root \"{input.Staging.Root}\") cannot be reached from Lambda (expected \"bucket\": the stack's staging bucket)";
        if (input.OpenSearch.IsEmbedded)
            yield return "$.opensearch.endpoint: \"embedded\" only exists in a local run (expected the https URL of the cluster)";
        for (var i = 0; i < input.Sources.Count; i++)
        {
            var url = input.Sources[i].Url;
            string scheme;
            try
            {
                scheme = SourceUrl.Parse(url).Scheme;
            }
            catch (BackfillException)
            {
                continue; // the parser already reported it
            }
            if (scheme == "file")
                yield return $"$.sources[{i}].url: \"{SourceUrl.Redact(url)}\" is a local file, which Lambda cannot read (expected ftp://, http(s):// or s3://; copy it to S3 first)";
        }
    }
}
