using Backfill.Core.Errors;

namespace Backfill.Cli.Aws;

/// <summary>Finds the repository the operator works in (for package and deploy defaults): the folder with Backfill.sln.</summary>
public static class RepositoryLayout
{
    public const string LambdaProject = "src/Backfill.Lambda/Backfill.Lambda.csproj";
    public const string DefaultPackage = "artifacts/lambda.zip";
    public const string Definition = "statemachine/backfill.asl.json";

    /// <summary>The repository root above <paramref name="start"/> (default: the current directory), or null.</summary>
    public static string? FindRoot(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Backfill.sln"))) return dir.FullName;
        return null;
    }

    /// <summary><paramref name="given"/> as given, or <paramref name="relative"/> under the repository root.</summary>
    public static string Resolve(string? given, string relative, string option)
    {
        if (given is not null) return Path.GetFullPath(given);
        var root = FindRoot() ?? throw new BackfillException(
            $"{option} was not given and no repository (Backfill.sln) is above {Directory.GetCurrentDirectory()}: run from the repository or pass {option}");
        return Path.Combine(root, relative);
    }
}
