using System.Runtime.InteropServices;

namespace Backfill.Core.Decompression;

/// <summary>
/// The zlib(-ng) inflate entry points that .NET's own System.IO.Compression is built on (exported by the runtime's
/// libSystem.IO.Compression.Native, present in every .NET 10 install and self-contained publish).
/// We call them directly because GZipStream hides the one thing we need: whether the last gzip member actually
/// reached its end. GZipStream returns a silent EOF on a truncated archive, which would lose lines without a trace.
/// </summary>
internal static unsafe partial class ZlibNative
{
    private const string Library = "libSystem.IO.Compression.Native";

    public const int NoFlush = 0;
    public const int Ok = 0;
    public const int StreamEnd = 1;
    public const int NeedDictionary = 2;
    public const int BufferError = -5;
    /// <summary>windowBits 15 plus 16: expect a gzip header and trailer.</summary>
    public const int GzipWindowBits = 31;

    /// <summary>Mirrors PAL_ZStream in the runtime's pal_zlib.h.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ZStream
    {
        public byte* NextIn;
        public byte* NextOut;
        public nint Message;
        public nint InternalState;
        public uint AvailIn;
        public uint AvailOut;
    }

    [LibraryImport(Library, EntryPoint = "CompressionNative_InflateInit2_")]
    public static partial int InflateInit2(ZStream* stream, int windowBits);

    [LibraryImport(Library, EntryPoint = "CompressionNative_Inflate")]
    public static partial int Inflate(ZStream* stream, int flush);

    [LibraryImport(Library, EntryPoint = "CompressionNative_InflateReset2_")]
    public static partial int InflateReset2(ZStream* stream, int windowBits);

    [LibraryImport(Library, EntryPoint = "CompressionNative_InflateEnd")]
    public static partial int InflateEnd(ZStream* stream);

    public static string? MessageOf(in ZStream stream) => stream.Message == 0 ? null : Marshal.PtrToStringAnsi(stream.Message);
}
