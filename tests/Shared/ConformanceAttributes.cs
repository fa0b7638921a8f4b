namespace Backfill.Tests.Shared;

/// <summary>
/// A fact over ../shared/conformance/&lt;part&gt; that is skipped, with a message saying so, when that folder is
/// not beside the repository (the data is read from there at test time, never copied in).
/// </summary>
public sealed class ConformanceFactAttribute : FactAttribute
{
    public ConformanceFactAttribute(string part)
    {
        if (RepoPaths.Conformance(part) is null)
            Skip = $"../shared/conformance/{part} is not beside the repository; these conformance cases were not run";
    }
}

/// <summary>A theory over ../shared/conformance/&lt;part&gt;, skipped with a message when the folder is absent.</summary>
public sealed class ConformanceTheoryAttribute : TheoryAttribute
{
    public ConformanceTheoryAttribute(string part)
    {
        if (RepoPaths.Conformance(part) is null)
            Skip = $"../shared/conformance/{part} is not beside the repository; these conformance cases were not run";
    }
}
