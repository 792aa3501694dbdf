using HealthChecks.Kube;
using HealthChecks.Kube.Resources;
using HealthChecks.Kube.Watching;
using HealthChecks.LocalCluster.Pods;
using HealthChecks.LocalCluster.Simulation;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HealthChecks.LocalCluster.Nodes;

/// <summary>
/// The kubelet's node duties: registers the nodes, renews their <c>kube-node-lease</c> Leases
/// every 10 s and posts their status every 60 s (so the node lifecycle controller leaves them
/// alone), and posts NotReady at once while a node carries the simulate-not-ready annotation.
/// </summary>
internal sealed partial class NodeAgent(IKubernetes client, IReadOnlyList<NodeDefinition> nodes, string simulator, TimeProvider time, ILogger<NodeAgent> logger) : BackgroundService
{
    public static readonly TimeSpan LeaseInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(60);
    private const int LeaseDurationSeconds = 40;
    private const int MaxConflicts = 10;
    private const string LeaseNamespace = "kube-node-lease";

    private readonly Dictionary<string, ConditionClock> _clocks = nodes.ToDictionary(n => n.Name, _ => new ConditionClock(), StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _notReady = nodes.ToDictionary(n => n.Name, _ => false, StringComparer.Ordinal);
    private readonly SemaphoreSlim _statusLock = new(1, 1);
    private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once every node exists with a Ready status.</summary>
    public Task Registered => _registered.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RegisterAllAsync(stoppingToken).ConfigureAwait(false);
        _registered.TrySetResult();
        var names = string.Join(", ", nodes.Select(n => n.Name));
        Log.Registered(logger, nodes.Count, names);
        try
        {
            await Task.WhenAll(RenewLeasesAsync(stoppingToken), PostStatusAsync(stoppingToken), WatchAnnotationsAsync(stoppingToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the nodes stay; without heartbeats the control plane marks them Unknown.
        }
    }

    private Task RegisterAllAsync(CancellationToken cancellationToken) => RetryUntilDone.RunAsync(
        async () =>
        {
            foreach (var node in nodes)
            {
                await EnsureNodeAsync(node, cancellationToken).ConfigureAwait(false);
                await WriteStatusAsync(node, cancellationToken).ConfigureAwait(false);
                await RenewLeaseAsync(node, cancellationToken).ConfigureAwait(false);
            }
        },
        (attempt, error) => Log.RegisterFailed(logger, attempt, error),
        time,
        cancellationToken);

    // Create, or merge our labels and taints into the existing node; a PUT that loses to the node
    // lifecycle controller (409) is read again and retried. The last of 10 conflicts goes to the
    // caller, which retries later.
    private async Task EnsureNodeAsync(NodeDefinition node, CancellationToken cancellationToken)
    {
        var desired = NodeFactory.Build(node, simulator);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await client.CoreV1.ReadNodeAsync(node.Name, cancellationToken: cancellationToken).OrNullIfNotFound().ConfigureAwait(false);
            try
            {
                if (existing is null)
                {
                    await client.CoreV1.CreateNodeAsync(desired, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    NodeFactory.MergeInto(existing, desired);
                    await client.CoreV1.ReplaceNodeAsync(existing, node.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
                    _notReady[node.Name] = NodeFactory.WantsNotReady(existing);
                }

                return;
            }
            catch (Exception ex) when (ex.IsConflict() && attempt < MaxConflicts)
            {
                Log.Conflict(logger, node.Name, attempt);
            }
        }
    }

    private async Task WriteStatusAsync(NodeDefinition node, CancellationToken cancellationToken)
    {
        await _statusLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var status = NodeFactory.Status(node, !_notReady[node.Name], time.GetUtcNow(), _clocks[node.Name]);
            await client.CoreV1.PatchNodeStatusAsync(StatusPatch.Of(KubernetesJson.Serialize(status)), node.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _statusLock.Release();
        }
    }

    private async Task RenewLeaseAsync(NodeDefinition node, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(node.Name, LeaseNamespace, cancellationToken: cancellationToken).OrNullIfNotFound().ConfigureAwait(false);
        if (lease is null)
        {
            var owner = await client.CoreV1.ReadNodeAsync(node.Name, cancellationToken: cancellationToken).OrNullIfNotFound().ConfigureAwait(false);
            await client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
            {
                ApiVersion = "coordination.k8s.io/v1",
                Kind = "Lease",
                Metadata = new V1ObjectMeta
                {
                    Name = node.Name,
                    NamespaceProperty = LeaseNamespace,
                    OwnerReferences = owner?.Metadata?.Uid is { } uid ? [new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = node.Name, Uid = uid }] : null,
                },
                Spec = new V1LeaseSpec { HolderIdentity = node.Name, LeaseDurationSeconds = LeaseDurationSeconds, RenewTime = ApiTime.Micro(now) },
            }, LeaseNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        lease.Spec ??= new V1LeaseSpec();
        lease.Spec.HolderIdentity = node.Name;
        lease.Spec.LeaseDurationSeconds = LeaseDurationSeconds;
        lease.Spec.RenewTime = ApiTime.Micro(now);
        await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, node.Name, LeaseNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private async Task RenewLeasesAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(LeaseInterval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var node in nodes)
            {
                await TryAsync("lease of " + node.Name, () => RenewLeaseAsync(node, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task PostStatusAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(StatusInterval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var node in nodes)
            {
                await TryAsync("status of " + node.Name, () => WriteStatusAsync(node, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // Watches our nodes for the NotReady annotation (and for a node deleted by someone: it is registered again).
    private async Task WatchAnnotationsAsync(CancellationToken cancellationToken)
    {
        var watcher = new ResourceWatcher<V1Node>(new ResourceClient<V1Node>(client, BuiltInKinds.Nodes), null, SimulatorWatches.Options with { LabelSelector = $"{NodeFactory.SimulatorLabel}={simulator}" }, time, logger);
        await foreach (var change in watcher.WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            if (nodes.FirstOrDefault(n => n.Name == change.Object.Metadata?.Name) is not { } node)
            {
                continue;
            }

            if (change.Type == WatchEventType.Deleted)
            {
                Log.Reregistering(logger, node.Name);
                await TryAsync("registration of " + node.Name, async () =>
                {
                    await EnsureNodeAsync(node, cancellationToken).ConfigureAwait(false);
                    await WriteStatusAsync(node, cancellationToken).ConfigureAwait(false);
                }, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var wanted = NodeFactory.WantsNotReady(change.Object);
            if (wanted != _notReady[node.Name])
            {
                _notReady[node.Name] = wanted;
                Log.ReadinessChanged(logger, node.Name, !wanted);
                await TryAsync("status of " + node.Name, () => WriteStatusAsync(node, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task TryAsync(string what, Func<Task> action, CancellationToken cancellationToken)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (ApiFailures.IsTransient(ex, cancellationToken))
        {
            Log.UpdateFailed(logger, what, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Registered {Count} nodes: {Nodes}")]
        public static partial void Registered(ILogger logger, int count, string nodes);

        [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "Registering the nodes failed (attempt {Attempt}); retrying")]
        public static partial void RegisterFailed(ILogger logger, int attempt, Exception error);

        [LoggerMessage(EventId = 5203, Level = LogLevel.Debug, Message = "Node {Node}: update conflicted (attempt {Attempt}); reading again")]
        public static partial void Conflict(ILogger logger, string node, int attempt);

        [LoggerMessage(EventId = 5204, Level = LogLevel.Warning, Message = "Updating the {What} failed; next tick tries again")]
        public static partial void UpdateFailed(ILogger logger, string what, Exception error);

        [LoggerMessage(EventId = 5205, Level = LogLevel.Information, Message = "Node {Node}: Ready is now {Ready}")]
        public static partial void ReadinessChanged(ILogger logger, string node, bool ready);

        [LoggerMessage(EventId = 5206, Level = LogLevel.Warning, Message = "Node {Node} was deleted; registering it again")]
        public static partial void Reregistering(ILogger logger, string node);
    }
}
