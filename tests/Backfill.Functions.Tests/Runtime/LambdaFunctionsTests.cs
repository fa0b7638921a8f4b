using Backfill.Functions.Runtime;

namespace Backfill.Functions.Tests.Runtime;

public sealed class LambdaFunctionsTests
{
    [Fact]
    public void Every_registered_name_creates_the_handler_of_that_name()
    {
        using var functions = new LambdaFunctions();
        foreach (var name in LambdaFunctions.Names)
            Assert.Equal(name, functions.Create(name).Name);
        Assert.Equal(6, LambdaFunctions.Names.Count);
    }

    [Theory]
    [InlineData(null, "_HANDLER is not set")]
    [InlineData("", "_HANDLER is not set")]
    [InlineData("bootstrap::SendChunk", "_HANDLER \"bootstrap::SendChunk\" is not a Backfill function")]
    public void A_missing_or_unknown_name_says_what_was_expected(string? name, string message)
    {
        using var functions = new LambdaFunctions();
        var e = Assert.Throws<UnknownHandlerException>(() => functions.Create(name));
        Assert.StartsWith(message, e.Message);
        Assert.Contains("expected one of ValidateInput, PrepareOpenSearch, DownloadAndSplit, PlanChunks, SendChunk, Summarize", e.Message);
    }
}
