using System.Text;
using Backfill.Core.Splitting;

namespace Backfill.Core.Tests.Splitting;

public class LineAlignedSplitterTests
{
    private static async Task<(MemoryChunkSink Sink, SplitTotals Totals)> Split(byte[] input, long target, Stream? stream = null)
    {
        var sink = new MemoryChunkSink();
        var totals = await new LineAlignedSplitter(new ChunkPolicy(target), sink).SplitAsync(stream ?? new MemoryStream(input));
        return (sink, totals);
    }

    /// <summary>The invariants every split must keep, whatever the input.</summary>
    private static void AssertWellFormed(byte[] input, long target, MemoryChunkSink sink, SplitTotals totals)
    {
        Assert.Equal(input, sink.Chunks.SelectMany(c => c.Bytes).ToArray());
        var expectedLines = input.Count(b => b == (byte)'\n') + (input.Length > 0 && input[^1] != (byte)'\n' ? 1 : 0);
        Assert.Equal(expectedLines, totals.Lines);
        Assert.Equal(expectedLines, sink.Chunks.Sum(c => c.Lines));
        Assert.Equal(sink.Chunks.Count, totals.Chunks);
        long nextLine = 1;
        for (var i = 0; i < sink.Chunks.Count; i++)
        {
            var chunk = sink.Chunks[i];
            Assert.Equal(i, chunk.Index);
            Assert.Equal(nextLine, chunk.FirstLine);
            Assert.NotEmpty(chunk.Bytes);
            var last = i == sink.Chunks.Count - 1;
            if (!last) Assert.Equal((byte)'\n', chunk.Bytes[^1]);
            var linesInChunk = chunk.Bytes.Count(b => b == (byte)'\n') + (chunk.Bytes[^1] == (byte)'\n' ? 0 : 1);
            Assert.Equal(linesInChunk, chunk.Lines);
            // Over the target only when the chunk is one single (long) line.
            if (chunk.Bytes.Length > target) Assert.Equal(1, chunk.Lines);
            // And never closed early: the next chunk's first line would not have fitted.
            if (!last)
            {
                var next = sink.Chunks[i + 1].Bytes;
                var firstLineLength = Array.IndexOf(next, (byte)'\n') is var nl and >= 0 ? nl + 1 : next.Length;
                Assert.True(chunk.Bytes.Length + firstLineLength > target, $"chunk {i} closed although the next line fitted");
            }
            nextLine += chunk.Lines;
        }
    }

    [Fact]
    public async Task Lines_never_straddle_chunks()
    {
        var input = Encoding.ASCII.GetBytes("aaaa\nbbbb\ncccc\ndddd\n");
        var (sink, totals) = await Split(input, 10);
        Assert.Equal(["aaaa\nbbbb\n", "cccc\ndddd\n"], sink.Chunks.Select(c => Encoding.ASCII.GetString(c.Bytes)));
        AssertWellFormed(input, 10, sink, totals);
    }

    [Fact]
    public async Task Crlf_lines_keep_their_carriage_returns()
    {
        var input = Encoding.ASCII.GetBytes("a1\r\nb2\r\nc3\r\n");
        var (sink, totals) = await Split(input, 8);
        Assert.Equal(["a1\r\nb2\r\n", "c3\r\n"], sink.Chunks.Select(c => Encoding.ASCII.GetString(c.Bytes)));
        AssertWellFormed(input, 8, sink, totals);
    }

    [Fact]
    public async Task A_missing_final_newline_still_counts_as_a_line()
    {
        var input = Encoding.ASCII.GetBytes("one\ntwo\nthr");
        var (sink, totals) = await Split(input, 1000);
        Assert.Single(sink.Chunks);
        Assert.Equal(3, totals.Lines);
        Assert.True(totals.EndsWithoutNewline);
        AssertWellFormed(input, 1000, sink, totals);
    }

    [Fact]
    public async Task An_empty_input_gives_zero_chunks()
    {
        var (sink, totals) = await Split([], 100);
        Assert.Empty(sink.Chunks);
        Assert.Equal(new SplitTotals(0, 0, 0, false), totals);
    }

    [Fact]
    public async Task A_five_megabyte_line_gets_a_chunk_of_its_own()
    {
        var big = new byte[5 * 1024 * 1024];
        Array.Fill(big, (byte)'x');
        big[^1] = (byte)'\n';
        var input = Encoding.ASCII.GetBytes("before\n").Concat(big).Concat(Encoding.ASCII.GetBytes("after\n")).ToArray();
        var (sink, totals) = await Split(input, 64 * 1024);
        Assert.Equal(3, sink.Chunks.Count);
        Assert.Equal(big, sink.Chunks[1].Bytes);
        Assert.Equal(2, sink.Chunks[1].FirstLine);
        AssertWellFormed(input, 64 * 1024, sink, totals);
    }

    [Theory]
    [InlineData(1, 7, 3)]
    [InlineData(2, 64, 17)]
    [InlineData(3, 300, 1)]
    [InlineData(4, 1000, 4096)]
    [InlineData(5, 50, 2_000_000)]
    public async Task Random_inputs_keep_every_invariant_whatever_the_read_sizes(int seed, long target, int maxRead)
    {
        var random = new Random(seed);
        var input = new MemoryStream();
        for (var i = 0; i < 3000; i++)
        {
            var length = random.Next(10) == 0 ? random.Next(0, (int)target * 3) : random.Next(0, 40);
            for (var j = 0; j < length; j++) input.WriteByte((byte)random.Next(32, 127));
            if (random.Next(5) == 0) input.WriteByte((byte)'\r');
            input.WriteByte((byte)'\n');
        }
        if (seed % 2 == 1) input.Write("unterminated"u8);
        var bytes = input.ToArray();
        var (sink, totals) = await Split(bytes, target, new TrickleStream(bytes, seed, maxRead));
        AssertWellFormed(bytes, target, sink, totals);
    }
}
