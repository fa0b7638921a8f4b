namespace Backfill.Tests.Shared;

/// <summary>Locates the repository, its test servers and the shared conformance data beside it.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>tests/node_modules/.bin, where `npm ci` in tests/ puts s3rver and asl-validator.</summary>
    public static string NodeBin => Path.Combine(Root, "tests", "node_modules", ".bin");

    public static string DataSamples => Path.Combine(Root, "data-samples");
    public static string StateMachine => Path.Combine(Root, "statemachine");

    /// <summary>../shared/conformance/&lt;part&gt;, or null when the shared folder is not beside the repository.</summary>
    public static string? Conformance(string part)
    {
        var path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "conformance", part));
        return Directory.Exists(path) ? path : null;
    }

    // Builds with --artifacts-path put the test assembly outside the repository, so fall back to where this
    // source file was compiled from.
    private static string FindRoot([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "" })
            for (var dir = start.Length == 0 ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Backfill.sln"))) return dir.FullName;
        throw new InvalidOperationException("Backfill.sln not found above " + AppContext.BaseDirectory + " or " + sourceFile);
    }
}
