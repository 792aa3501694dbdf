using System.Diagnostics.Metrics;
using HealthChecks.Controller.Metrics;

namespace HealthChecks.Controller.Tests.Metrics;

public class RuntimeCollectorsTests
{
    [Theory]
    [InlineData("System.Runtime", "dotnet.gc.pause.time", true)]
    [InlineData("System.Runtime", "dotnet.thread_pool.queue.length", true)]
    [InlineData("System.Runtime", "dotnet.thread_pool.thread.count", false)] // a gauge named *_count: promtool refuses it
    [InlineData("System.Runtime", "dotnet.requests.total", false)]
    [InlineData("Microsoft.AspNetCore.Hosting", "http.server.request.duration", false)]
    public void Include_RuntimeInstrumentsWithNamesPromtoolAccepts(string meterName, string instrumentName, bool included)
    {
        using var meter = new Meter(meterName);
        var instrument = meter.CreateCounter<long>(instrumentName);

        Assert.Equal(included, RuntimeCollectors.Include(instrument));
    }
}
