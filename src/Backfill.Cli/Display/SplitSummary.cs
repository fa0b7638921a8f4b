using Backfill.Core.Splitting;

namespace Backfill.Cli.Display;

/// <summary>The closing summary of a split: what was read, what was written, where the manifest is.</summary>
public static class SplitSummary
{
    public static void Write(CommandContext context, SourceSplitResult r, string manifestLocation)
    {
        var mbps = r.Seconds > 0 ? r.Bytes / r.Seconds / 1e6 : 0;
        context.Out.WriteLine($"source     {r.Source}  {r.SourceUrl}  ({r.Format}, {ByteSize.Format(r.CompressedBytes)}{(r.Resumes > 0 ? $", resumed {r.Resumes}x" : "")})");
        context.Out.WriteLine($"lines      {r.Lines:N0}{(r.EndsWithoutNewline ? " (last line has no newline)" : "")}");
        context.Out.WriteLine($"bytes      {r.Bytes:N0} decompressed");
        context.Out.WriteLine($"chunks     {r.Chunks:N0}");
        context.Out.WriteLine($"manifest   {manifestLocation}");
        context.Out.WriteLine($"time       {r.Seconds:F2} s ({mbps:F0} MB/s decompressed)");
    }
}
