using HealthChecks.CheckSdk.Options;
using HealthChecks.Checks.Common;
using HealthChecks.Checks.Daemonset.Scheduling;
using HealthChecks.Kube;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace HealthChecks.Checks.Daemonset;

/// <summary>
/// Removes a check DaemonSet and its pods and waits until both are gone (upstream's remove step):
/// delete the DaemonSet, delete its pods, wait for the DaemonSet, then for the pods, re-issuing the
/// pod deletion now and then. Returns null when everything is gone, else upstream's timeout message.
/// </summary>
internal sealed partial class DaemonsetRemover(IKubernetes kube, DaemonsetCheckOptions options, TimeProvider time, ILogger logger)
{
    private static readonly V1DeleteOptions Background = new() { PropagationPolicy = "Background" };

    public async Task<string?> RemoveAsync(string name, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        string Waited() => GoDuration.Format(TimeSpan.FromSeconds(Math.Round(time.GetElapsedTime(started).TotalSeconds)));
        try
        {
            await kube.AppsV1.DeleteNamespacedDaemonSetAsync(name, options.Namespace, Background, cancellationToken: cancellationToken).ExceptNotFound().ConfigureAwait(false);
            await DeletePodsAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return $"reached check pod timeout: {Waited()} waiting for daemonset removal command to complete.";
        }

        var daemonSetGone = await Poll.UntilAsync(
            async token => await kube.AppsV1.ReadNamespacedDaemonSetAsync(name, options.Namespace, cancellationToken: token).OrNullIfNotFound().ConfigureAwait(false) is null,
            options.PollInterval / 2,
            time,
            cancellationToken).ConfigureAwait(false);
        if (!daemonSetGone)
        {
            return $"reached check pod timeout: {Waited()} waiting for daemonset removal.";
        }

        IList<V1Pod> remaining = [];
        var lastDelete = time.GetTimestamp();
        var podsGone = await Poll.UntilAsync(
            async token =>
            {
                remaining = (await kube.CoreV1.ListNamespacedPodAsync(options.Namespace, labelSelector: DaemonSetSpecBuilder.PodSelectorFor(name), cancellationToken: token).ConfigureAwait(false)).Items;
                if (remaining.Count > 0 && time.GetElapsedTime(lastDelete) >= options.ReissueDeleteEvery)
                {
                    Log.ReissuingDelete(logger, name, remaining.Count);
                    await DeletePodsAsync(name, token).ConfigureAwait(false);
                    lastDelete = time.GetTimestamp();
                }

                return remaining.Count == 0;
            },
            options.PollInterval,
            time,
            cancellationToken).ConfigureAwait(false);
        if (!podsGone)
        {
            return $"reached check pod timeout: {Waited()} waiting for daemonset pods removal. Node(s) failing to remove daemonset pod: {string.Join(", ", PodCoverage.NodesStillHoldingPod(remaining))}";
        }

        var elapsed = time.GetElapsedTime(started);
        Log.Removed(logger, name, elapsed);
        return null;
    }

    /// <summary>Removes every DaemonSet of this check left by earlier runs (a crashed or killed checker), and stray pods.</summary>
    public async Task<string?> RemoveLeftoversAsync(CancellationToken cancellationToken)
    {
        var leftovers = await kube.AppsV1.ListNamespacedDaemonSetAsync(options.Namespace, labelSelector: DaemonSetSpecBuilder.CheckSelector, cancellationToken: cancellationToken).ConfigureAwait(false);
        var errors = new List<string>();
        foreach (var daemonSet in leftovers.Items)
        {
            Log.RemovingLeftover(logger, daemonSet.Metadata.Name!);
            if (await RemoveAsync(daemonSet.Metadata.Name!, cancellationToken).ConfigureAwait(false) is { } error)
            {
                errors.Add($"{daemonSet.Metadata.Name}: {error}");
            }
        }

        // Pods whose DaemonSet is already gone.
        await kube.CoreV1.DeleteCollectionNamespacedPodAsync(options.Namespace, labelSelector: DaemonSetSpecBuilder.CheckSelector, cancellationToken: cancellationToken).ConfigureAwait(false);
        return errors.Count == 0 ? null : "failed to remove daemonsets of earlier runs: " + string.Join(" | ", errors);
    }

    private Task<V1Status> DeletePodsAsync(string name, CancellationToken cancellationToken) =>
        kube.CoreV1.DeleteCollectionNamespacedPodAsync(options.Namespace, labelSelector: DaemonSetSpecBuilder.PodSelectorFor(name), cancellationToken: cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Daemonset {Name} and its pods removed in {Elapsed}")]
        public static partial void Removed(ILogger logger, string name, TimeSpan elapsed);

        [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "Re-issuing the deletion of {Count} pod(s) of daemonset {Name}")]
        public static partial void ReissuingDelete(ILogger logger, string name, int count);

        [LoggerMessage(EventId = 7103, Level = LogLevel.Warning, Message = "Removing daemonset {Name} left by an earlier run")]
        public static partial void RemovingLeftover(ILogger logger, string name);
    }
}
