namespace Backfill.Core.Splitting;

/// <summary>What the splitter saw: lines (a final line without newline counts), bytes, and chunks made.</summary>
public sealed record SplitTotals(long Lines, long Bytes, int Chunks, bool EndsWithoutNewline);
