using HealthChecks.Controller.Runs;
using k8s;
using k8s.Models;

namespace HealthChecks.Controller.Events;

/// <summary>
/// Records each run's outcome as a Kubernetes Event on the khcheck or khjob, so
/// <c>kubectl describe khc NAME</c> shows the history. Recording is best effort: a failed Event
/// is logged and never fails the run.
/// </summary>
public sealed partial class CheckEventRecorder(IKubernetes client, string instance, TimeProvider time, ILogger<CheckEventRecorder> logger)
{
    public const string Component = "healthchecks-controller";

    public const int MaxMessageLength = 1024;

    public const string Succeeded = "CheckSucceeded";

    public Task RunSucceededAsync(CheckDefinition check, CancellationToken cancellationToken) =>
        RecordAsync(check.Key, check.Kind, check.Uid, "Normal", Succeeded, "check run succeeded", cancellationToken);

    public Task RunFailedAsync(CheckDefinition check, RunResult result, CancellationToken cancellationToken) =>
        RecordAsync(check.Key, check.Kind, check.Uid, "Warning", result.Reason ?? FailureReason.CheckFailed, string.Join("; ", result.Errors), cancellationToken);

    public async Task RecordAsync(
        CheckKey key, WorkloadKind kind, string uid, string type, string reason, string message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var ev = new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta
            {
                // client-go's naming: the object's name and a unique hex suffix.
                Name = $"{key.Name}.{now.ToUnixTimeMilliseconds():x}{Random.Shared.Next(0x1000):x3}",
                NamespaceProperty = key.Namespace,
            },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = Resources.KhResources.ApiVersion,
                Kind = kind == WorkloadKind.KHCheck ? "KuberhealthyCheck" : "KuberhealthyJob",
                Name = key.Name,
                NamespaceProperty = key.Namespace,
                Uid = uid,
            },
            Type = type,
            Reason = reason,
            Message = message.Length <= MaxMessageLength ? message : message[..MaxMessageLength] + "…",
            FirstTimestamp = now.UtcDateTime,
            LastTimestamp = now.UtcDateTime,
            Count = 1,
            Source = new V1EventSource { Component = Component },
            ReportingComponent = Component,
            ReportingInstance = instance,
        };
        try
        {
            await client.CoreV1.CreateNamespacedEventAsync(ev, key.Namespace, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.EventFailed(logger, key.ToString(), reason, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2401, Level = LogLevel.Warning, Message = "Could not record the {Reason} event of {Check}")]
        public static partial void EventFailed(ILogger logger, string check, string reason, Exception error);
    }
}
