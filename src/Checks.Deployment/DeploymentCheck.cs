using HealthChecks.CheckSdk.Reporting;
using HealthChecks.CheckSdk.Running;
using HealthChecks.Checks.Common;
using HealthChecks.Kube;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace HealthChecks.Checks.Deployment;

/// <summary>
/// Upstream's deployment check: clean up orphans, create a Deployment and wait until it is
/// available, put a ClusterIP Service in front, GET it and expect 200, optionally roll to another
/// image and GET again, then delete both. The work must end SHUTDOWN_GRACE_PERIOD before the
/// deadline, leaving that time for the cleanup. A failure names its stage and cause.
/// </summary>
internal sealed partial class DeploymentCheck(IKubernetes kube, HttpClient http, DeploymentCheckOptions options, ILogger logger)
{
    /// <summary>Cleanup after the check was told to stop (SIGTERM) gets this much time of its own.</summary>
    public static readonly TimeSpan EmergencyCleanup = TimeSpan.FromSeconds(20);

    public async Task<CheckReport> RunAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var time = context.Time;
        var cleaner = new DeploymentCleaner(kube, options, time);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var budget = context.Deadline - options.ShutdownGracePeriod - time.GetUtcNow();
        work.CancelAfter(budget > TimeSpan.Zero ? budget : TimeSpan.Zero);

        var errors = new List<string>();
        var created = false;
        try
        {
            await context.WaitForControllerAsync(TimeSpan.FromMinutes(1), work.Token).ConfigureAwait(false);
            await PreCheckCleanupAsync(cleaner, time, cancellationToken, work.Token).ConfigureAwait(false);
            created = true;
            var labels = await CreateDeploymentAsync(time, cancellationToken, work.Token).ConfigureAwait(false);
            var url = await CreateServiceAsync(labels, time, cancellationToken, work.Token).ConfigureAwait(false);
            var probe = new ServiceProbe(http, options, time, logger);
            await RequestAsync(Stages.Request, probe, url, cancellationToken, work.Token).ConfigureAwait(false);
            if (options.RollingUpdate)
            {
                await RollAsync(labels, time, cancellationToken, work.Token).ConfigureAwait(false);
                await RequestAsync(Stages.RequestAfterRollingUpdate, probe, url, cancellationToken, work.Token).ConfigureAwait(false);
            }
        }
        catch (StageFailedException ex)
        {
            Log.StageFailed(logger, ex.Stage, ex.Cause);
            errors.Add(ex.Message);
        }
        catch (Exception) when (created)
        {
            // Told to stop (SIGTERM), out of time, or an API error: still clean up, then let the runner report.
            await CleanUpOnOwnBudgetAsync(cleaner, time).ConfigureAwait(false);
            throw;
        }

        if (created && await cleaner.RemoveAsync(cancellationToken).ConfigureAwait(false) is { Count: > 0 } left)
        {
            if (context.Terminating.IsCancellationRequested)
            {
                // Stopped during the cleanup: finish it, then report the stop.
                await CleanUpOnOwnBudgetAsync(cleaner, time).ConfigureAwait(false);
                context.Terminating.ThrowIfCancellationRequested();
            }

            errors.Add($"{Stages.Cleanup}: {string.Join(" | ", left)}");
        }

        return errors.Count == 0 ? CheckReport.Success() : CheckReport.Failure(errors);
    }

    private static async Task CleanUpOnOwnBudgetAsync(DeploymentCleaner cleaner, TimeProvider time)
    {
        using var emergency = new CancellationTokenSource(EmergencyCleanup, time);
        await cleaner.RemoveAsync(emergency.Token).ConfigureAwait(false);
    }

    private async Task PreCheckCleanupAsync(DeploymentCleaner cleaner, TimeProvider time, CancellationToken stop, CancellationToken work)
    {
        if (!await cleaner.AnyExistsAsync(work).ConfigureAwait(false))
        {
            return;
        }

        Log.Orphans(logger, options.Namespace);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(work);
        bounded.CancelAfter(TimeSpan.FromMinutes(2));
        if ((await cleaner.RemoveAsync(bounded.Token).ConfigureAwait(false)).Count > 0)
        {
            stop.ThrowIfCancellationRequested();
            throw new StageFailedException(Stages.PreCheckCleanup, "failed to perform pre-check cleanup within timeout");
        }
    }

    private async Task<Dictionary<string, string>> CreateDeploymentAsync(TimeProvider time, CancellationToken stop, CancellationToken work)
    {
        var deployment = DeploymentSpecBuilder.BuildDeployment(options, time.GetUtcNow());
        var podLabels = new Dictionary<string, string>(deployment.Spec.Selector.MatchLabels);
        await CreateOrFailAsync(Stages.CreateDeployment, "error occurred creating deployment", () => kube.AppsV1.CreateNamespacedDeploymentAsync(deployment, options.Namespace, cancellationToken: work)).ConfigureAwait(false);
        var (available, latest) = await WaitForDeploymentAsync(DeploymentStatusCheck.IsAvailable, time, work).ConfigureAwait(false);
        if (!available)
        {
            stop.ThrowIfCancellationRequested();
            var cause = await WaitingCauseAsync(podLabels, time).ConfigureAwait(false);
            throw new StageFailedException(Stages.CreateDeployment, "failed to create deployment within timeout"
                + (cause is null ? "" : $": {cause} when pod in the processing of creating deployment")
                + $" ({DeploymentStatusCheck.Describe(latest)})");
        }

        Log.Available(logger, options.DeploymentName, options.Replicas);
        return podLabels;
    }

    private async Task<Uri> CreateServiceAsync(IReadOnlyDictionary<string, string> podLabels, TimeProvider time, CancellationToken stop, CancellationToken work)
    {
        var service = DeploymentSpecBuilder.BuildService(options, podLabels);
        await CreateOrFailAsync(Stages.CreateService, "error occurred creating service", () => kube.CoreV1.CreateNamespacedServiceAsync(service, options.Namespace, cancellationToken: work)).ConfigureAwait(false);
        string? clusterIp = null;
        var assigned = await Poll.UntilAsync(
            async token =>
            {
                clusterIp = (await kube.CoreV1.ReadNamespacedServiceAsync(options.ServiceName, options.Namespace, cancellationToken: token).OrNullIfNotFound().ConfigureAwait(false))?.Spec?.ClusterIP;
                return !string.IsNullOrEmpty(clusterIp) && clusterIp != "None";
            },
            options.PollInterval,
            time,
            work).ConfigureAwait(false);
        if (!assigned)
        {
            stop.ThrowIfCancellationRequested();
            throw new StageFailedException(Stages.CreateService, "service cluster IP address is nil");
        }

        return ServiceProbe.UrlFor(clusterIp!, options.ServicePort);
    }

    private static async Task RequestAsync(string stage, ServiceProbe probe, Uri url, CancellationToken stop, CancellationToken work)
    {
        string? failure;
        try
        {
            failure = await probe.ExpectOkAsync(url, work).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            failure = $"ran out of time before {url} answered 200";
        }

        if (failure is not null)
        {
            throw new StageFailedException(stage, failure);
        }
    }

    private async Task RollAsync(IReadOnlyDictionary<string, string> podLabels, TimeProvider time, CancellationToken stop, CancellationToken work)
    {
        var rolled = await Poll.UntilAsync(
            async token =>
            {
                var current = await kube.AppsV1.ReadNamespacedDeploymentAsync(options.DeploymentName, options.Namespace, cancellationToken: token).OrNullIfNotFound().ConfigureAwait(false)
                    ?? throw new StageFailedException(Stages.RollingUpdate, $"deployment {options.DeploymentName} disappeared before the update");
                current.Spec!.Template!.Spec!.Containers![0].Image = options.RollToImage;
                // Left out of the PUT, the server keeps them; sent back, KubernetesClient.Aot cannot write
                // their free-form fieldsV1 and the update fails before it leaves (the image's build).
                current.Metadata.ManagedFields = null;
                await kube.AppsV1.ReplaceNamespacedDeploymentAsync(current, options.DeploymentName, options.Namespace, cancellationToken: token).ConfigureAwait(false); // a 409 is transient: re-read and retry
                return true;
            },
            options.PollInterval,
            time,
            work).ConfigureAwait(false);
        var (done, latest) = rolled ? await WaitForDeploymentAsync(DeploymentStatusCheck.IsRolledOut, time, work).ConfigureAwait(false) : (false, null);
        if (!done)
        {
            stop.ThrowIfCancellationRequested();
            // The old and the new pods share the labels; only the new ones wait for something.
            var cause = await WaitingCauseAsync(podLabels, time).ConfigureAwait(false);
            throw new StageFailedException(Stages.RollingUpdate, $"failed to roll deployment to {options.RollToImage} within timeout"
                + (cause is null ? "" : $": {cause}")
                + $" ({DeploymentStatusCheck.Describe(latest)})");
        }

        Log.Rolled(logger, options.DeploymentName, options.RollToImage);
    }

    /// <summary>Polls the Deployment until <paramref name="reached"/> holds; returns whether it did and the last state seen.</summary>
    private async Task<(bool Reached, V1Deployment? Latest)> WaitForDeploymentAsync(Func<V1Deployment?, int, bool> reached, TimeProvider time, CancellationToken work)
    {
        V1Deployment? latest = null;
        var done = await Poll.UntilAsync(
            async token =>
            {
                latest = await kube.AppsV1.ReadNamespacedDeploymentAsync(options.DeploymentName, options.Namespace, cancellationToken: token).OrNullIfNotFound().ConfigureAwait(false);
                return reached(latest, options.Replicas);
            },
            options.PollInterval,
            time,
            work).ConfigureAwait(false);
        return (done, latest);
    }

    private static async Task CreateOrFailAsync(string stage, string what, Func<Task> create)
    {
        try
        {
            await create().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex.ApiStatusCode() is not null)
        {
            throw new StageFailedException(stage, $"{what}: {ex.Describe()}");
        }
    }

    // What the pods wait for (PodWaitingCause), read after the wait failed, on a few seconds of its own.
    private async Task<string?> WaitingCauseAsync(IReadOnlyDictionary<string, string> labels, TimeProvider time)
    {
        try
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5), time);
            var selector = string.Join(",", labels.Select(l => $"{l.Key}={l.Value}"));
            var pods = await kube.CoreV1.ListNamespacedPodAsync(options.Namespace, labelSelector: selector, cancellationToken: quick.Token).ConfigureAwait(false);
            return PodWaitingCause.Describe(pods.Items);
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            return null; // only adds detail to a failure we report anyway
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "Removing the service and deployment left in {Namespace} by an earlier run")]
        public static partial void Orphans(ILogger logger, string @namespace);

        [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "Deployment {Name} available with {Replicas} replica(s)")]
        public static partial void Available(ILogger logger, string name, int replicas);

        [LoggerMessage(EventId = 8003, Level = LogLevel.Information, Message = "Deployment {Name} rolled to {Image}")]
        public static partial void Rolled(ILogger logger, string name, string image);

        [LoggerMessage(EventId = 8004, Level = LogLevel.Warning, Message = "Stage {Stage} failed: {Cause}")]
        public static partial void StageFailed(ILogger logger, string stage, string cause);
    }
}
