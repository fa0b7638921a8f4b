using System.CommandLine;
using Backfill.Cli.Aws;
using Backfill.Cli.Display;

namespace Backfill.Cli.Commands;

/// <summary>`backfill package`: the Lambda deployment zip (self-contained bootstrap for provided.al2023).</summary>
public static class PackageCommand
{
    public static Command Create()
    {
        var outPath = new Option<string?>("--out") { Description = $"Zip to write (default: {RepositoryLayout.DefaultPackage} in the repository, where template.yaml's CodeUri points)" };
        var runtime = new Option<string>("--runtime", "-r") { Description = "linux-x64 for x86_64 functions, linux-arm64 for arm64", DefaultValueFactory = _ => "linux-x64" };
        runtime.AcceptOnlyFromAmong("linux-x64", "linux-arm64");
        var configuration = new Option<string>("--configuration", "-c") { Description = "Build configuration", DefaultValueFactory = _ => "Release" };
        var project = new Option<string?>("--project") { Description = $"The bootstrap project (default: {RepositoryLayout.LambdaProject} in the repository)" };
        var readyToRun = new Option<bool>("--ready-to-run") { Description = "Precompile (ReadyToRun) for faster cold starts; the package gets larger" };
        var output = OutputFormat.CreateOption();
        var command = new Command("package", "Build the Lambda deployment package: the functions published self-contained for Linux, zipped with an executable \"bootstrap\".");
        foreach (var option in new Option[] { outPath, runtime, configuration, project, readyToRun, output }) command.Options.Add(option);

        CommandAction.Set(command, async (parse, context, cancellationToken) =>
        {
            var projectPath = RepositoryLayout.Resolve(parse.GetValue(project), RepositoryLayout.LambdaProject, "--project");
            var zipPath = RepositoryLayout.Resolve(parse.GetValue(outPath), RepositoryLayout.DefaultPackage, "--out");
            var root = RepositoryLayout.FindRoot(Path.GetDirectoryName(projectPath)) ?? Path.GetDirectoryName(zipPath)!;
            var built = await LambdaPackage.BuildAsync(projectPath, parse.GetValue(runtime)!, parse.GetValue(configuration)!, zipPath,
                Path.Combine(root, "artifacts", "package-build"), parse.GetValue(readyToRun), context.Error, cancellationToken);

            if (OutputFormat.IsJson(parse, output))
                JsonOutput.Write(context.Out, new { zip = built.ZipPath, bytes = built.ZipBytes, files = built.Files, codeSha256 = built.CodeSha256, runtime = parse.GetValue(runtime) });
            else
                new KeyValueTable()
                    .Add("Package", built.ZipPath)
                    .Add("Size", $"{ByteSize.Format(built.ZipBytes)} ({built.Files} files){(built.ZipBytes > LambdaPackage.MaxDirectUploadBytes ? "; over 50 MB, deploy uploads it through S3" : "")}")
                    .Add("CodeSha256", built.CodeSha256)
                    .Add("Runtime", $"provided.al2023, {parse.GetValue(runtime)}")
                    .Add("Published in", $"{built.PublishTime.TotalSeconds:0.0} s")
                    .WriteTo(context.Out);
            return ExitCodes.Success;
        });
        return command;
    }
}
