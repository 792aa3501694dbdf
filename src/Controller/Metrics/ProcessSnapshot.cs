using System.Diagnostics;

namespace HealthChecks.Controller.Metrics;

/// <summary>The process's own figures at scrape time: CPU, memory, file descriptors, GC and thread pool.</summary>
public sealed record ProcessSnapshot
{
    private static readonly DateTimeOffset StartTime = new(Process.GetCurrentProcess().StartTime.ToUniversalTime());

    public double CpuSeconds { get; init; }

    public long ResidentBytes { get; init; }

    public long VirtualBytes { get; init; }

    public DateTimeOffset Started { get; init; }

    /// <summary>Open file descriptors; null where /proc is not there to count them.</summary>
    public int? OpenFds { get; init; }

    /// <summary>Collections so far, by generation (0, 1, 2).</summary>
    public IReadOnlyList<int> GcCollections { get; init; } = [];

    public long GcHeapBytes { get; init; }

    public long GcAllocatedBytes { get; init; }

    public double GcPauseSeconds { get; init; }

    public int ThreadPoolThreads { get; init; }

    public long ThreadPoolQueueLength { get; init; }

    public static ProcessSnapshot Capture()
    {
        using var process = Process.GetCurrentProcess();
        return new ProcessSnapshot
        {
            CpuSeconds = Environment.CpuUsage.TotalTime.TotalSeconds,
            ResidentBytes = Environment.WorkingSet,
            VirtualBytes = process.VirtualMemorySize64,
            Started = StartTime,
            OpenFds = Directory.Exists("/proc/self/fd") ? Directory.GetFileSystemEntries("/proc/self/fd").Length : null,
            GcCollections = Enumerable.Range(0, GC.MaxGeneration + 1).Select(GC.CollectionCount).ToList(),
            GcHeapBytes = GC.GetGCMemoryInfo().HeapSizeBytes,
            GcAllocatedBytes = GC.GetTotalAllocatedBytes(),
            GcPauseSeconds = GC.GetTotalPauseDuration().TotalSeconds,
            ThreadPoolThreads = ThreadPool.ThreadCount,
            ThreadPoolQueueLength = ThreadPool.PendingWorkItemCount,
        };
    }
}
