using System.Text.Json.Nodes;
using HealthChecks.Controller.Runs;
using HealthChecks.Kube;
using k8s;
using k8s.Models;

namespace HealthChecks.Controller.Events;

/// <summary>
/// Writes a check's Events on its khcheck or khjob, so <c>kubectl describe khc NAME</c> shows its
/// history. A repeat of an Event within the correlator's window counts on the existing Event
/// (one PATCH) instead of adding another. Best effort: a failed write is logged and counted by
/// the caller, and never fails a run.
/// </summary>
public sealed class CheckEventRecorder(IKubernetes client, EventCorrelator correlator, string instance, TimeProvider time)
{
    public const string Component = EventObjects.Component;

    public const int MaxMessageLength = EventObjects.MaxMessageLength;

    public async Task RecordAsync(CheckKey key, WorkloadKind kind, string uid, CheckEvent @event, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (correlator.Find(key, @event) is { } seen)
        {
            var patch = new JsonObject
            {
                ["count"] = seen.Count + 1,
                ["lastTimestamp"] = ApiTime.Seconds(now).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            };
            var counted = await client.CoreV1.PatchNamespacedEventAsync(Patches.Merge(patch), seen.EventName, key.Namespace, cancellationToken: cancellationToken).OrNullIfNotFound();
            if (counted is not null)
            {
                correlator.Recorded(key, @event, seen.EventName, seen.Count + 1, seen.FirstSeen);
                return;
            }

            // The Event expired (the API server keeps them an hour): record it anew.
        }

        var created = await client.CoreV1.CreateNamespacedEventAsync(New(key, kind, uid, @event, now), key.Namespace, cancellationToken: cancellationToken);
        correlator.Recorded(key, @event, created.Metadata.Name, 1, now);
    }

    private Corev1Event New(CheckKey key, WorkloadKind kind, string uid, CheckEvent @event, DateTimeOffset now) =>
        EventObjects.New(
            new V1ObjectReference
            {
                ApiVersion = Resources.KhResources.ApiVersion,
                Kind = kind == WorkloadKind.KHCheck ? Resources.KhResources.Checks.Kind : Resources.KhResources.Jobs.Kind,
                Name = key.Name,
                NamespaceProperty = key.Namespace,
                Uid = uid,
            },
            @event,
            now,
            instance);
}
