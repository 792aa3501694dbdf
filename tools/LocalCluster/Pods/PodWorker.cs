using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using HealthChecks.Kube;
using HealthChecks.LocalCluster.Images;
using HealthChecks.LocalCluster.Runtime;
using HealthChecks.LocalCluster.Simulation;
using k8s;
using k8s.Models;

namespace HealthChecks.LocalCluster.Pods;

/// <summary>
/// The kubelet of one pod. A single loop handles its events in order (pod changed, container
/// exited, probe verdict, timer due), so no locks guard its state; after each batch of events it
/// writes the pod's status once if it changed. Deletion: SIGTERM, the grace period, SIGKILL,
/// then the object is removed with gracePeriodSeconds 0.
/// </summary>
internal sealed partial class PodWorker : IAsyncDisposable
{
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(5);

    private readonly PodWorkerContext _ctx;
    private readonly Channel<Func<Task>> _events = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _description;
    private readonly Task _loop;

    private V1Pod _pod;
    private List<ContainerRecord> _records = [];
    private Slot[] _slots = [];
    private PodFacts? _facts;
    private PodSandbox? _sandbox;
    private DateTimeOffset? _startTime;
    private readonly ConditionClock _conditions = new();
    private string? _lastWritten;
    private bool _started;
    private bool _finished;
    private bool _retryPending;

    public PodWorker(V1Pod pod, PodWorkerContext ctx)
    {
        _pod = pod;
        _ctx = ctx;
        _description = $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
        _loop = Task.Run(RunLoopAsync);
    }

    /// <summary>Completes when the pod is gone (deleted by us or by someone else) or the worker is disposed.</summary>
    public Task Completion => _loop;

    public PodFacts? Facts => _facts;

    public void Update(V1Pod pod) => Post(() => OnPodChangedAsync(pod));

    /// <summary>The object is gone from the API (forced deletion, or our own delete): stop everything now.</summary>
    public void Gone() => Post(OnGoneAsync);

    /// <summary>The simulator stops: kill the containers, leave the pod object as it is.</summary>
    public async ValueTask DisposeAsync()
    {
        Post(() => StopAllAsync(TimeSpan.FromSeconds(1)));
        _events.Writer.TryComplete();
        try
        {
            await _loop.WaitAsync(StopWait + TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log.StopSlow(_ctx.Logger, _description);
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void Post(Func<Task> handler) => _events.Writer.TryWrite(handler);

    private async Task RunLoopAsync()
    {
        Post(() => OnPodChangedAsync(_pod));
        var reader = _events.Reader;
        while (!_finished && await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            // Handle everything queued, then write the status once for the whole batch.
            while (!_finished && reader.TryRead(out var handler))
            {
                try
                {
                    await handler().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException || ApiFailures.IsTransient(ex, _stopping.Token))
                {
                    Log.HandlerFailed(_ctx.Logger, _description, ex);
                    ScheduleRetry();
                }
            }

            if (!_finished && _started)
            {
                await WriteStatusAsync().ConfigureAwait(false);
            }
        }

        _finished = true;
    }

    private async Task OnPodChangedAsync(V1Pod pod)
    {
        _pod = pod;
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            await TerminateAndDeleteAsync().ConfigureAwait(false);
            return;
        }

        if (!_started)
        {
            await StartPodAsync().ConfigureAwait(false);
        }
    }

    private async Task StartPodAsync()
    {
        if (PodPhases.IsTerminal(_pod.Status?.Phase))
        {
            // Finished before this simulator saw it (e.g. the simulator restarted): nothing to run.
            return;
        }

        var ns = _pod.Metadata.NamespaceProperty ?? "default";
        var account = _pod.Spec?.ServiceAccountName is { Length: > 0 } sa ? sa : "default";
        ServiceAccountTokens.Credentials? credentials = null;
        if (_pod.Spec?.AutomountServiceAccountToken != false)
        {
            credentials = await _ctx.Tokens.GetAsync(ns, account, _stopping.Token).ConfigureAwait(false);
            if (credentials is null)
            {
                Log.NoToken(_ctx.Logger, _description, account);
                ScheduleRetry();
                return;
            }
        }

        _facts = AllocateFacts();
        _startTime = _pod.Status?.StartTime is { } started ? ApiTime.FromApi(started) : _ctx.Time.GetUtcNow();
        _sandbox = PodSandbox.Create(_ctx.PodsRoot, _pod, _ctx.Network.ClusterDnsIp, _ctx.Client.BaseUri, credentials);
        var containers = _pod.Spec?.Containers ?? [];
        var previous = _pod.Status?.ContainerStatuses ?? [];
        _records = containers.Select(c => new ContainerRecord(c.Name ?? "", c.Image ?? "")
        {
            RestartCount = previous.FirstOrDefault(s => s.Name == c.Name)?.RestartCount ?? 0,
        }).ToList();
        _slots = containers.Select(c => new Slot(c)).ToArray();
        _started = true;
        Log.Starting(_ctx.Logger, _description, _facts.PodIp, _facts.LocalIp, _sandbox.Directory);
        for (var i = 0; i < _slots.Length; i++)
        {
            await StartContainerAsync(i).ConfigureAwait(false);
        }
    }

    private PodFacts AllocateFacts()
    {
        var hostIp = _ctx.NodeIps.GetValueOrDefault(_pod.Spec?.NodeName ?? "") ?? _ctx.Network.NodeIp(0);
        var podIp = _pod.Status?.PodIP is { } existing && _ctx.Addresses.TryReserve(existing) ? existing : _ctx.Addresses.Allocate();
        return new PodFacts(podIp, hostIp, _ctx.Network.LocalAddressOf(podIp)!);
    }

    private async Task StartContainerAsync(int index)
    {
        var slot = _slots[index];
        var record = _records[index];
        slot.RunId++;
        var runId = slot.RunId;
        ContainerPlan? plan;
        try
        {
            plan = _ctx.Images.Plan(slot.Container);
        }
        catch (FormatException ex)
        {
            record.SetWaiting("CreateContainerError", ex.Message);
            return;
        }

        if (plan is null)
        {
            record.SetWaiting("ErrImagePull", $"image \"{slot.Container.Image}\" is not in the simulator's image map (add a rule with --image-map; see docs/local-cluster.md)");
            return;
        }

        var resolved = await EnvResolver.ResolveAsync(_pod, slot.Container, _facts!, _ctx.Objects, _stopping.Token).ConfigureAwait(false);
        if (resolved.Error is not null)
        {
            record.SetWaiting("CreateContainerConfigError", resolved.Error);
            ScheduleRetry();
            return;
        }

        var environment = ContainerEnvironment.Build(resolved, _pod.Metadata.Name ?? "", _facts!, _sandbox!.Kubeconfig, _ctx.HostVariable, _ctx.Network);
        var lookup = environment.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var argv = plan.Argv.Select(a => VariableExpander.Expand(a, n => lookup.GetValueOrDefault(n))).ToList();
        var now = _ctx.Time.GetUtcNow();
        if (slot.Run is { } previousRun)
        {
            await previousRun.DisposeAsync().ConfigureAwait(false);
            slot.Run = null;
        }

        try
        {
            slot.Run = Launch(plan.Kind, argv, slot.Container, environment, record.Name);
        }
        catch (Exception ex) when (ex is Win32Exception or SocketException or InvalidOperationException or IOException)
        {
            Log.StartFailed(_ctx.Logger, _description, record.Name, ex);
            record.SetTerminated(128, now, now, ex.Message);
            OnExited(index, runId, 128, failedToStart: true);
            return;
        }

        slot.StartedAt = now;
        record.SetRunning(now);
        record.ProbeReady = slot.Container.ReadinessProbe is null;
        var commandLine = string.Join(' ', argv);
        Log.ContainerStarted(_ctx.Logger, _description, record.Name, plan.Kind, commandLine);
        StartProbes(index, runId, environment);
        var run = slot.Run;
        _ = run.Exited.ContinueWith(t => Post(() => { OnExited(index, runId, t.Result, failedToStart: false, run.TerminationMessage); return Task.CompletedTask; }), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    private IContainerRun Launch(ImageRunKind kind, List<string> argv, V1Container container, List<KeyValuePair<string, string>> environment, string name) => kind switch
    {
        ImageRunKind.Pause => new IdleRun(),
        ImageRunKind.HttpOk => HttpOkRun.Start(IPAddress.Parse(_facts!.LocalIp), container.Ports is { Count: > 0 } ports ? ports.Select(p => p.ContainerPort) : [8080]),
        ImageRunKind.ReportOk => ReportOkRun.Start(environment.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal).GetValueOrDefault, _ctx.ReportOk, _sandbox!.LogOf(name), _ctx.Time),
        _ => ProcessRun.Start(SandboxCommand.For(_sandbox!.Script, _sandbox.LogOf(name), argv), environment, _sandbox.Directory),
    };

    private void StartProbes(int index, int runId, List<KeyValuePair<string, string>> environment)
    {
        var slot = _slots[index];
        slot.Probes = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var token = slot.Probes.Token;
        if (slot.Container.ReadinessProbe is { } readiness)
        {
            var loop = new ProbeLoop(readiness, ct => Attempt(readiness, ct), ready => Post(() => OnReadiness(index, runId, ready)), _ctx.Time);
            _ = loop.RunAsync(initial: false, token);
        }

        if (slot.Container.LivenessProbe is { } liveness)
        {
            var loop = new ProbeLoop(liveness, ct => Attempt(liveness, ct), alive => Post(() => OnLiveness(index, runId, alive)), _ctx.Time);
            _ = loop.RunAsync(initial: true, token);
        }

        Task<bool> Attempt(V1Probe probe, CancellationToken ct) => _ctx.Probes.CheckAsync(probe, slot.Container, _facts!.LocalIp, _sandbox!, environment, ct);
    }

    private Task OnReadiness(int index, int runId, bool ready)
    {
        if (_slots[index].RunId == runId && _records[index].IsRunning)
        {
            _records[index].ProbeReady = ready;
        }

        return Task.CompletedTask;
    }

    private Task OnLiveness(int index, int runId, bool alive)
    {
        if (!alive && _slots[index].RunId == runId && _slots[index].Run is { } run)
        {
            Log.LivenessFailed(_ctx.Logger, _description, _records[index].Name);
            run.Kill(); // the exit then goes through the restart policy
        }

        return Task.CompletedTask;
    }

    private void OnExited(int index, int runId, int exitCode, bool failedToStart, string? message = null)
    {
        var slot = _slots[index];
        if (slot.RunId != runId || _finished)
        {
            return;
        }

        StopProbes(slot);
        var record = _records[index];
        if (!failedToStart)
        {
            record.SetTerminated(exitCode, slot.StartedAt, _ctx.Time.GetUtcNow(), message);
            Log.ContainerExited(_ctx.Logger, _description, record.Name, exitCode);
        }

        if (slot.Terminating)
        {
            return;
        }

        var policy = _pod.Spec?.RestartPolicy ?? "Always";
        if (policy == "Always" || (policy == "OnFailure" && exitCode != 0))
        {
            var delay = TimeSpan.FromTicks(Math.Min(_ctx.RestartBackoffMax.Ticks, _ctx.RestartBackoffInitial.Ticks << Math.Min(record.RestartCount, 20)));
            record.PrepareRestart("CrashLoopBackOff", $"back-off {delay.TotalSeconds:0.#}s restarting failed container={record.Name} pod={_pod.Metadata.Name}");
            var restartRun = ++slot.RunId;
            _ = DelayThenAsync(delay, () => slot.RunId == restartRun && !slot.Terminating ? StartContainerAsync(index) : Task.CompletedTask);
        }
    }

    private void ScheduleRetry()
    {
        if (_retryPending)
        {
            return;
        }

        _retryPending = true;
        _ = DelayThenAsync(_ctx.RetryInterval, RetryAsync);
    }

    // Tries again what could not be done: the pod start (no token yet), env references that were missing, a failed status write.
    private async Task RetryAsync()
    {
        _retryPending = false;
        if (!_started)
        {
            await StartPodAsync().ConfigureAwait(false);
            return;
        }

        for (var i = 0; i < _slots.Length; i++)
        {
            if (_records[i].State.Waiting?.Reason == "CreateContainerConfigError" && !_slots[i].Terminating)
            {
                await StartContainerAsync(i).ConfigureAwait(false);
            }
        }
    }

    private async Task DelayThenAsync(TimeSpan delay, Func<Task> handler)
    {
        try
        {
            await Task.Delay(delay, _ctx.Time, _stopping.Token).ConfigureAwait(false);
            Post(handler);
        }
        catch (OperationCanceledException)
        {
            // The worker stopped meanwhile.
        }
    }

    private async Task TerminateAndDeleteAsync()
    {
        var grace = TimeSpan.FromSeconds(Math.Max(0, _pod.Metadata.DeletionGracePeriodSeconds ?? _pod.Spec?.TerminationGracePeriodSeconds ?? 30));
        Log.Deleting(_ctx.Logger, _description, grace);
        await StopAllAsync(grace).ConfigureAwait(false);
        var deleted = await _ctx.Client.CoreV1.DeleteNamespacedPodAsync(_pod.Metadata.Name ?? "", _pod.Metadata.NamespaceProperty,
            new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = _pod.Metadata.Uid } }, cancellationToken: _stopping.Token).ExceptNotFound().ConfigureAwait(false);
        Log.Deleted(_ctx.Logger, _description, deleted);
        await OnGoneAsync().ConfigureAwait(false);
    }

    private async Task OnGoneAsync()
    {
        await StopAllAsync(TimeSpan.Zero).ConfigureAwait(false);
        if (_facts is not null)
        {
            _ctx.Addresses.Release(_facts.PodIp);
        }

        _finished = true;
    }

    /// <summary>SIGTERM to every running container, up to <paramref name="grace"/> to exit, then SIGKILL.</summary>
    private async Task StopAllAsync(TimeSpan grace)
    {
        var running = new List<Task<int>>();
        foreach (var slot in _slots)
        {
            slot.Terminating = true;
            StopProbes(slot);
            if (slot.Run is { Exited.IsCompleted: false } run)
            {
                if (grace > TimeSpan.Zero)
                {
                    run.Terminate();
                }
                else
                {
                    run.Kill();
                }

                running.Add(run.Exited);
            }
        }

        if (running.Count == 0)
        {
            return;
        }

        var all = Task.WhenAll(running);
        if (grace > TimeSpan.Zero && await Task.WhenAny(all, Task.Delay(grace, _ctx.Time)).ConfigureAwait(false) != all)
        {
            Log.GraceExpired(_ctx.Logger, _description, grace);
            foreach (var slot in _slots)
            {
                slot.Run?.Kill();
            }
        }

        await Task.WhenAny(all, Task.Delay(StopWait, _ctx.Time)).ConfigureAwait(false);
        foreach (var slot in _slots)
        {
            if (slot.Run is { } run)
            {
                await run.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static void StopProbes(Slot slot)
    {
        slot.Probes?.Cancel();
        slot.Probes?.Dispose();
        slot.Probes = null;
    }

    private async Task WriteStatusAsync()
    {
        var status = PodStatusBuilder.Build(_pod.Spec?.RestartPolicy, _records, _facts, _startTime, _conditions, _ctx.Time.GetUtcNow());
        var json = KubernetesJson.Serialize(status);
        if (json == _lastWritten)
        {
            return;
        }

        try
        {
            await _ctx.Client.CoreV1.PatchNamespacedPodStatusAsync(StatusPatch.Of(json), _pod.Metadata.Name ?? "", _pod.Metadata.NamespaceProperty, cancellationToken: _stopping.Token).ConfigureAwait(false);
            _lastWritten = json;
            _ctx.Writes.Add();
            Log.StatusWritten(_ctx.Logger, _description, status.Phase);
        }
        catch (Exception ex) when (ex.IsNotFound())
        {
            await OnGoneAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ApiFailures.IsTransient(ex, _stopping.Token))
        {
            Log.HandlerFailed(_ctx.Logger, _description, ex);
            ScheduleRetry(); // the retry batch ends with another write attempt
        }
    }

    /// <summary>One container's runtime side: its spec, current run, probes, and a run id that fences stale events.</summary>
    private sealed class Slot(V1Container container)
    {
        public V1Container Container { get; } = container;

        public IContainerRun? Run { get; set; }

        public int RunId { get; set; }

        public DateTimeOffset StartedAt { get; set; }

        public CancellationTokenSource? Probes { get; set; }

        public bool Terminating { get; set; }
    }
}
