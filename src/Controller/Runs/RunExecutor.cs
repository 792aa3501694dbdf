using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Configuration;
using HealthChecks.Controller.Events;
using HealthChecks.Controller.Metrics;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.State;
using HealthChecks.Kube;
using k8s;
using k8s.Models;

namespace HealthChecks.Controller.Runs;

/// <summary>
/// Carries one run of a check from start to stored result, on the leader: write the new run to
/// the khstate, create the checker pod, then follow the caches until <see cref="RunProgress"/>
/// says the run has ended. A run already in flight in the khstate (started by a previous leader)
/// is adopted, not restarted. Cancellation means leadership was lost or the process stops: the
/// run is left as the khstate records it, for the next leader to finish.
/// </summary>
public sealed partial class RunExecutor(
    IKubernetes client,
    ControllerCaches caches,
    KhStateStore states,
    CheckEventRecorder events,
    ControllerOptions options,
    TimeProvider time,
    ControllerMetrics metrics,
    ILogger<RunExecutor> logger)
{
    /// <summary>How long a just-created pod may be missing from the cache before it counts as gone.</summary>
    public static readonly TimeSpan PodAppearGrace = TimeSpan.FromSeconds(10);

    /// <summary>Tries at creating a pod the API refuses for a ServiceAccount it does not know yet, a second apart.</summary>
    private const int ServiceAccountAttempts = 10;

    /// <summary>
    /// The ServiceAccount admission plugin's refusals that pass by themselves: the account is not in
    /// its cache yet (403 "error looking up service account ...: ... not found"), or has no token
    /// yet ("No API token found for service account ..., retry after the token is automatically created").
    /// </summary>
    internal static bool IsServiceAccountNotYetKnown(Exception ex) =>
        ex.ApiStatus()?.Message is { } message
        && ((ex.ApiStatusCode() == System.Net.HttpStatusCode.Forbidden
                && message.Contains("error looking up service account", StringComparison.Ordinal)
                && message.Contains("not found", StringComparison.Ordinal))
            || message.Contains("No API token found for service account", StringComparison.Ordinal));

    public async Task RunAsync(CheckDefinition check, CancellationToken cancellationToken)
    {
        if (!check.IsValid)
        {
            await ShowInvalidAsync(check, cancellationToken);
            return;
        }

        var current = caches.States.Get(check.Key.Namespace, check.Key.Name)?.Spec;
        RunTicket run;
        if (current is { RunInFlight: true, RunStarted: { } started, RunDeadline: { } deadline })
        {
            run = new RunTicket(current.Uuid, started, deadline, current.RunPod ?? CheckLabels.PodName(check.Key.Name, current.Uuid));
            Log.Adopted(logger, check.Key, run.Uuid);
            metrics.CountRunStarted(adopted: true);
        }
        else
        {
            run = RunTicket.Create(check, time.GetUtcNow());
            if (!await StartAsync(check, run, cancellationToken))
            {
                return;
            }
        }

        await SuperviseAsync(check, run, cancellationToken);
    }

    private async Task<bool> StartAsync(CheckDefinition check, RunTicket run, CancellationToken cancellationToken)
    {
        await states.UpdateAsync(check.Key, spec =>
        {
            KhStateTransitions.BeginRun(spec, check, run);
            return true;
        }, createIfMissing: true, cancellationToken);
        Log.Started(logger, check.Key, run.Uuid, run.PodName);
        metrics.CountRunStarted(adopted: false);

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var pod = await client.CoreV1.CreateNamespacedPodAsync(CheckPodFactory.Build(check, run, options.ReportingUrl), check.Key.Namespace, cancellationToken: cancellationToken);
                caches.Pods.Remember(pod);
                return true;
            }
            catch (Exception ex) when (attempt < ServiceAccountAttempts && IsServiceAccountNotYetKnown(ex))
            {
                // A khcheck applied together with its ServiceAccount runs at once, sometimes before
                // the API server's admission has seen the account: that refusal passes in a moment.
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                metrics.CountRunControllerError();
                await FinishAsync(check, run, RunResult.Failure(FailureReason.ControllerError, $"failed to create checker pod {run.PodName}: {ex.Describe()}"), null, cancellationToken);
                return false;
            }
        }
    }

    private async Task SuperviseAsync(CheckDefinition check, RunTicket run, CancellationToken cancellationToken)
    {
        using var changes = caches.Signals.Listen(check.Key);
        DateTimeOffset? podEndedAt = null;
        var podSeen = false;
        var confirmedFresh = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = time.GetUtcNow();
            var state = caches.States.Get(check.Key.Namespace, check.Key.Name)?.Spec;
            var pod = caches.Pods.Get(check.Key.Namespace, run.PodName);
            podSeen |= pod is not null;
            var ended = pod is null ? podSeen || now - run.Started > PodAppearGrace : RunProgress.HasEnded(pod);
            if (ended)
            {
                podEndedAt ??= now;
            }

            switch (RunProgress.Decide(run, state, pod, podEndedAt, now))
            {
                case RunVerdict.Wait wait:
                    await changes.WaitAsync(wait.Until - now, time, cancellationToken);
                    break;
                case RunVerdict.Reported or RunVerdict.Superseded:
                    return;
                case RunVerdict.Failed failed when !confirmedFresh:
                    // The cache may trail a report stored by another replica: look once at the
                    // API server before writing a failure over it.
                    confirmedFresh = true;
                    await states.ReadFreshAsync(check.Key, cancellationToken);
                    break;
                case RunVerdict.Failed failed:
                    await FinishAsync(check, run, failed.Result, pod, cancellationToken);
                    return;
            }
        }
    }

    private async Task FinishAsync(CheckDefinition check, RunTicket run, RunResult result, V1Pod? pod, CancellationToken cancellationToken)
    {
        var written = await states.UpdateAsync(check.Key, spec =>
        {
            if (!KhStateTransitions.CanStoreResult(spec, run.Uuid))
            {
                return false;
            }

            KhStateTransitions.StoreResult(spec, result, check.FailureThreshold, time.GetUtcNow(), pod?.Spec?.NodeName ?? "", options.PodName);
            return true;
        }, createIfMissing: false, cancellationToken);

        if (written is null)
        {
            return; // a report or a newer run got there first
        }

        Log.Finished(logger, check.Key, run.Uuid, result.Reason ?? "OK");
        if (pod is not null && !RunProgress.HasEnded(pod))
        {
            // A pod past its deadline must not keep running (and reporting) into the next run.
            await DeletePodAsync(check.Key.Namespace, run.PodName, cancellationToken);
        }

        await events.RunFailedAsync(check, result, cancellationToken);
    }

    private async Task ShowInvalidAsync(CheckDefinition check, CancellationToken cancellationToken)
    {
        var expected = new KhStateSpec();
        KhStateTransitions.ShowInvalid(expected, check, time.GetUtcNow(), options.PodName);
        var written = await states.UpdateAsync(check.Key, spec =>
        {
            if (spec.Reason == FailureReason.InvalidSpec && spec.Errors.SequenceEqual(expected.Errors))
            {
                return false; // already shown; do not rewrite (and re-announce) the same problem
            }

            KhStateTransitions.ShowInvalid(spec, check, time.GetUtcNow(), options.PodName);
            return true;
        }, createIfMissing: true, cancellationToken);
        if (written is not null)
        {
            Log.Invalid(logger, check.Key, check.Problems);
            await events.RunFailedAsync(check, RunResult.Failure(FailureReason.InvalidSpec, expected.Errors), cancellationToken);
        }
    }

    private async Task DeletePodAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.CoreV1.DeleteNamespacedPodAsync(name, @namespace, new V1DeleteOptions { GracePeriodSeconds = 10 }, cancellationToken: cancellationToken).ExceptNotFound();
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.DeleteFailed(logger, @namespace + "/" + name, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Run {RunId} of {Check} started with pod {Pod}")]
        public static partial void Started(ILogger logger, CheckKey check, string runId, string pod);

        [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Run {RunId} of {Check} was in flight; following it to its end")]
        public static partial void Adopted(ILogger logger, CheckKey check, string runId);

        [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "Run {RunId} of {Check} finished: {Outcome}")]
        public static partial void Finished(ILogger logger, CheckKey check, string runId, string outcome);

        [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "{Check} is invalid and is not run: {Problems}")]
        public static partial void Invalid(ILogger logger, CheckKey check, IReadOnlyList<string> problems);

        [LoggerMessage(EventId = 2105, Level = LogLevel.Warning, Message = "Could not delete checker pod {Pod}")]
        public static partial void DeleteFailed(ILogger logger, string pod, Exception error);
    }
}
