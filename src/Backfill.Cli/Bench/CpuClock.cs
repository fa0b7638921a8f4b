using System.Runtime.InteropServices;

namespace Backfill.Cli.Bench;

/// <summary>
/// CPU time of the calling thread and of waited-for child processes (Linux <c>clock_gettime</c> and
/// <c>getrusage</c>). "Per core" figures divide work by the thread's CPU seconds, so other load on a shared
/// machine does not lower them; wall-clock figures are reported beside them.
/// </summary>
internal static class CpuClock
{
    private const int ClockThreadCpuTime = 3;
    private const int RusageChildren = -1;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec { public long Seconds; public long Nanoseconds; }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timeval { public long Seconds; public long Microseconds; }

    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public Timeval User;
        public Timeval System;
        public long MaxRss; // KiB
        public long IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NVcsw, NIvcsw;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec time);

    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetRusage(int who, out Rusage usage);

    /// <summary>CPU seconds the calling thread has used; null where the OS does not say.</summary>
    public static double? ThreadSeconds()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            return ClockGetTime(ClockThreadCpuTime, out var t) == 0 ? t.Seconds + t.Nanoseconds / 1e9 : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>User + system CPU seconds of all child processes waited for so far; null where the OS does not say.</summary>
    public static double? ChildrenSeconds()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            if (GetRusage(RusageChildren, out var u) != 0) return null;
            return u.User.Seconds + u.User.Microseconds / 1e6 + u.System.Seconds + u.System.Microseconds / 1e6;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }
}
