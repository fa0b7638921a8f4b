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

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Backfill.sln"))) return dir.FullName;
        throw new InvalidOperationException("Backfill.sln not found above " + AppContext.BaseDirectory);
    }
}
