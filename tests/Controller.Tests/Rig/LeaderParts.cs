using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Crds;
using HealthChecks.Controller.Events;
using HealthChecks.Controller.Hosting;
using HealthChecks.Controller.Reaping;
using HealthChecks.Controller.Reconciling;
using HealthChecks.Controller.State;
using HealthChecks.Controller.Tests.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace HealthChecks.Controller.Tests.Rig;

/// <summary>The leader side wired as the app wires it, on a rig's API and clock, over the given caches.</summary>
internal sealed class LeaderParts
{
    public LeaderParts(ApiRig rig, ControllerCaches caches)
    {
        var options = rig.Options;
        Loop = new ControlLoop(
            caches,
            new CheckReconciler(rig.Kh, caches, new KhStateStore(rig.Kh, caches.States), options, Scrape.Metrics, rig.Time, NullLogger<CheckReconciler>.Instance),
            new Reaper(rig.Kh, caches, options, rig.Time, NullLogger<Reaper>.Instance),
            options,
            rig.Time,
            NullLogger<ControlLoop>.Instance);
        Events = new CheckEventEmitter(caches, new CheckEventRecorder(rig.Client, new EventCorrelator(rig.Time), options.PodName, rig.Time), NullLogger<CheckEventEmitter>.Instance);
        Work = new LeaderWork(caches, Loop, Events, Schema, options, rig.Time);
        Leadership = new LeadershipService(rig.Client, Work, options, Scrape.Metrics, Lifetime, rig.Time, NullLogger<LeadershipService>.Instance);
        Liveness = new Liveness(Leadership, Loop, options, rig.Time);
    }

    public ControlLoop Loop { get; }

    /// <summary>Fit unless a test decides otherwise.</summary>
    public CrdSchemaGate Schema { get; } = CrdSchemaGate.Fit();

    public CheckEventEmitter Events { get; }

    public LeaderWork Work { get; }

    public LeadershipService Leadership { get; }

    public Liveness Liveness { get; }

    public FakeLifetime Lifetime { get; } = new();

    public Scrape Scrape { get; } = new();

    /// <summary>Caches whose watches run against the rig's API for real (a test makes their lists fail).</summary>
    public static ControllerCaches WatchedCaches(ApiRig rig) => new(rig.Client, null, rig.Time, NullLoggerFactory.Instance);

    /// <summary>Waits for watched caches to stop after their token was cancelled (as the app's CacheService does).</summary>
    public static async Task StoppedAsync(Task watching)
    {
        try
        {
            await watching.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }
    }
}

/// <summary>An application lifetime that only counts requests to stop.</summary>
internal sealed class FakeLifetime : IHostApplicationLifetime
{
    private int _stops;

    public CancellationToken ApplicationStarted => CancellationToken.None;

    public CancellationToken ApplicationStopping => CancellationToken.None;

    public CancellationToken ApplicationStopped => CancellationToken.None;

    public int StopRequests => Volatile.Read(ref _stops);

    public void StopApplication() => Interlocked.Increment(ref _stops);
}
