using HealthChecks.CheckSdk.Options;
using HealthChecks.CheckSdk.Reporting;
using HealthChecks.CheckSdk.Running;
using HealthChecks.Checks.Common;
using HealthChecks.Checks.Daemonset.Scheduling;
using HealthChecks.Kube;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace HealthChecks.Checks.Daemonset;

/// <summary>
/// Upstream's daemonset check: remove leftovers, create a DaemonSet of pause pods that tolerates
/// the nodes' taints, wait until every eligible node runs a ready pod (for a few steady seconds),
/// then remove the DaemonSet and its pods and wait until they are gone. The rollout must finish
/// SHUTDOWN_GRACE_PERIOD before the run's deadline, leaving that time for the removal.
/// </summary>
internal sealed partial class DaemonsetCheck(IKubernetes kube, DaemonsetCheckOptions options, ILogger logger)
{
    /// <summary>Upstream prefixes every failure with this literal, whatever the khcheck's name.</summary>
    public const string FailurePrefix = "kuberhealthy/daemonset: ";

    /// <summary>Removal after the check was told to stop (SIGTERM) gets this much time of its own.</summary>
    public static readonly TimeSpan EmergencyCleanup = TimeSpan.FromSeconds(20);

    public async Task<CheckReport> RunAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var time = context.Time;
        var remover = new DaemonsetRemover(kube, options, time, logger);
        using var rollout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var rolloutBudget = context.Deadline - options.ShutdownGracePeriod - time.GetUtcNow();
        rollout.CancelAfter(rolloutBudget > TimeSpan.Zero ? rolloutBudget : TimeSpan.Zero);

        var errors = new List<string>();
        string? created = null;
        try
        {
            if (await remover.RemoveLeftoversAsync(rollout.Token).ConfigureAwait(false) is { } leftover)
            {
                return Failed(leftover);
            }

            await context.WaitForControllerAsync(TimeSpan.FromMinutes(1), rollout.Token).ConfigureAwait(false);
            var nodes = await TryListNodesAsync(rollout.Token).ConfigureAwait(false);
            var tolerations = TolerationPlanner.Plan(nodes ?? [], options.Tolerations, options.AllowedTaints);
            var now = time.GetUtcNow();
            var name = DaemonSetSpecBuilder.NameFor(options.NamePrefix, options.Instance, now);
            await kube.AppsV1.CreateNamespacedDaemonSetAsync(DaemonSetSpecBuilder.Build(options, name, now, tolerations, CurrentUser.RunAsUser()), options.Namespace, cancellationToken: rollout.Token).ConfigureAwait(false);
            created = name;
            Log.Created(logger, name, tolerations.Count, nodes?.Count);

            if (await WaitForPodsAsync(name, nodes is not null, tolerations, time, rollout.Token).ConfigureAwait(false) is { } notReady)
            {
                context.Terminating.ThrowIfCancellationRequested(); // stopped, not timed out: the catch below cleans up
                errors.Add(notReady);
            }
        }
        catch (OperationCanceledException) when (rollout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            errors.Add($"Reached check pod timeout: {GoDuration.Format(rolloutBudget)} before the daemonset was created.");
        }
        catch (Exception) when (created is not null)
        {
            // Told to stop (SIGTERM), out of time, or an API error: still take the DaemonSet down, then let
            // the runner report the exception.
            await RemoveOnOwnBudgetAsync(remover, created, time).ConfigureAwait(false);
            throw;
        }

        if (created is not null && await remover.RemoveAsync(created, cancellationToken).ConfigureAwait(false) is { } removal)
        {
            if (context.Terminating.IsCancellationRequested)
            {
                // Stopped during the removal: finish it, then report the stop.
                await RemoveOnOwnBudgetAsync(remover, created, time).ConfigureAwait(false);
                context.Terminating.ThrowIfCancellationRequested();
            }

            errors.Add(removal);
        }

        return errors.Count == 0 ? CheckReport.Success() : Failed([.. errors]);
    }

    private static async Task RemoveOnOwnBudgetAsync(DaemonsetRemover remover, string name, TimeProvider time)
    {
        using var cleanup = new CancellationTokenSource(EmergencyCleanup, time);
        await remover.RemoveAsync(name, cleanup.Token).ConfigureAwait(false);
    }

    private static CheckReport Failed(params string[] errors) => CheckReport.Failure(errors.Select(e => FailurePrefix + e));

    private async Task<IList<V1Node>?> TryListNodesAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await kube.CoreV1.ListNodeAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        }
        catch (Exception ex) when (ex.IsForbidden())
        {
            Log.NodesForbidden(logger);
            return null;
        }
    }

    private async Task<string?> WaitForPodsAsync(string name, bool nodesReadable, IReadOnlyList<V1Toleration> tolerations, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var stable = new StableCondition(options.StableFor, time);
        var missing = "";
        var ready = await Poll.UntilAsync(
            async token =>
            {
                bool covered;
                if (nodesReadable)
                {
                    var nodes = await kube.CoreV1.ListNodeAsync(cancellationToken: token).ConfigureAwait(false);
                    var pods = await kube.CoreV1.ListNamespacedPodAsync(options.Namespace, labelSelector: DaemonSetSpecBuilder.PodSelectorFor(name), cancellationToken: token).ConfigureAwait(false);
                    var lacking = PodCoverage.NodesMissingPod(nodes.Items, pods.Items, options.NodeSelector, tolerations);
                    missing = "Node(s) missing daemonset pod: " + string.Join(", ", lacking);
                    covered = lacking.Count == 0;
                }
                else
                {
                    var daemonSet = await kube.AppsV1.ReadNamespacedDaemonSetAsync(name, options.Namespace, cancellationToken: token).OrNullIfNotFound().ConfigureAwait(false);
                    missing = DaemonSetStatusCheck.Describe(daemonSet);
                    covered = DaemonSetStatusCheck.AllReady(daemonSet);
                }

                return stable.Observe(covered);
            },
            options.PollInterval,
            time,
            cancellationToken).ConfigureAwait(false);
        var waited = TimeSpan.FromSeconds(Math.Round(time.GetElapsedTime(started).TotalSeconds));
        Log.PodsWaited(logger, name, ready, waited);
        return ready ? null : $"Reached check pod timeout: {GoDuration.Format(waited)} waiting for all pods to come online. {missing}";
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Created daemonset {Name} with {Tolerations} toleration(s); {Nodes} node(s) in the cluster")]
        public static partial void Created(ILogger logger, string name, int tolerations, int? nodes);

        [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Cannot list nodes (forbidden): tolerating only TOLERATIONS and judging readiness from the daemonset's status")]
        public static partial void NodesForbidden(ILogger logger);

        [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "Daemonset {Name}: every eligible node ready = {Ready} after {Waited}")]
        public static partial void PodsWaited(ILogger logger, string name, bool ready, TimeSpan waited);
    }
}
