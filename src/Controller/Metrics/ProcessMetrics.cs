using System.Globalization;

namespace HealthChecks.Controller.Metrics;

/// <summary>
/// The process families under the names Prometheus client libraries use (<c>process_*</c>, so
/// existing dashboards and alerts find them) and the .NET runtime's under <c>dotnet_*</c>.
/// </summary>
public static class ProcessMetrics
{
    public static void Render(PrometheusTextWriter writer, ProcessSnapshot p)
    {
        One(writer, "process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds", p.CpuSeconds);
        One(writer, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes", p.ResidentBytes);
        One(writer, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes", p.VirtualBytes);
        One(writer, "process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds", p.Started.ToUnixTimeMilliseconds() / 1000.0);
        if (p.OpenFds is { } fds)
        {
            One(writer, "process_open_fds", "gauge", "Number of open file descriptors", fds);
        }

        writer.Family("dotnet_gc_collections_total", "counter", "Garbage collections since the process started, by generation");
        for (var generation = 0; generation < p.GcCollections.Count; generation++)
        {
            writer.Sample("dotnet_gc_collections_total", "generation", generation.ToString(CultureInfo.InvariantCulture), p.GcCollections[generation]);
        }

        One(writer, "dotnet_gc_heap_size_bytes", "gauge", "Managed heap size after the last garbage collection, in bytes", p.GcHeapBytes);
        One(writer, "dotnet_gc_allocated_bytes_total", "counter", "Bytes allocated on the managed heap since the process started", p.GcAllocatedBytes);
        One(writer, "dotnet_gc_pause_seconds_total", "counter", "Time the runtime was paused for garbage collection, in seconds", p.GcPauseSeconds);
        One(writer, "dotnet_threadpool_threads", "gauge", "Thread pool threads", p.ThreadPoolThreads);
        One(writer, "dotnet_threadpool_queue_length", "gauge", "Work items queued to the thread pool and not started yet", p.ThreadPoolQueueLength);
    }

    private static void One(PrometheusTextWriter writer, string name, string type, string help, double value)
    {
        writer.Family(name, type, help);
        writer.Sample(name, value);
    }
}
