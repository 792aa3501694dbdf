using System.Diagnostics.Metrics;
using Prometheus;

namespace HealthChecks.Controller.Metrics;

/// <summary>
/// The process and .NET runtime families, from prometheus-net's own collectors, on one registry:
/// <c>DotNetStats</c> (<c>process_*</c>, <c>dotnet_collection_count_total</c>,
/// <c>dotnet_total_memory_bytes</c>) and the meter adapter, limited to the runtime's
/// <c>System.Runtime</c> meter (<c>system_runtime_dotnet_*</c>: GC, JIT, thread pool, locks).
/// What the library would add on its default registry stays out: its event-counter adapter repeats
/// the runtime figures under a second set of names, and it and the other meters (Kestrel, hosting,
/// sockets, HttpClient) publish gauges named <c>*_total</c> and <c>*_count</c>, which promtool
/// rejects; our request histogram covers the HTTP side.
/// </summary>
public sealed class RuntimeCollectors : IDisposable
{
    private const string RuntimeMeter = "System.Runtime";

    // The meter adapter exports every instrument as a gauge named after it; a gauge may not end in these.
    private static readonly string[] ReservedSuffixes = ["count", "sum", "bucket", "total"];

    private readonly IDisposable _meters;

    public RuntimeCollectors(CollectorRegistry registry)
    {
        DotNetStats.Register(registry);
        _meters = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = registry,
            MetricFactory = Prometheus.Metrics.WithCustomRegistry(registry),
            InstrumentFilterPredicate = Include,
        });
    }

    /// <summary>True for the runtime's instruments whose exported name promtool accepts.</summary>
    public static bool Include(Instrument instrument)
    {
        if (instrument.Meter.Name != RuntimeMeter)
        {
            return false;
        }

        var name = instrument.Name;
        var lastWord = name[(name.LastIndexOfAny(['.', '_', '-']) + 1)..];
        return !ReservedSuffixes.Contains(lastWord, StringComparer.Ordinal);
    }

    public void Dispose() => _meters.Dispose();
}
