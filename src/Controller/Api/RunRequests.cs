using System.Globalization;
using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using HealthChecks.Controller.Scheduling;
using HealthChecks.Kube;

namespace HealthChecks.Controller.Api;

/// <summary>
/// Asks for a run of a khcheck now, on any replica: by setting the khcheck's
/// <see cref="CheckLabels.RunRequestedAnnotation"/>, which the leader acts on as on any change of
/// the khcheck (<c>kubectl annotate</c> does the same). The request is thus as durable as the
/// khcheck itself: it survives a change of leader, and it is answered once.
/// </summary>
public sealed partial class RunRequests(KuberhealthyApi api, ControllerCaches caches, TimeProvider time, ILogger<RunRequests> logger)
{
    public async Task<RunNowOutcome> RequestAsync(CheckKey key, string requestedBy, CancellationToken cancellationToken)
    {
        if (caches.Checks.Get(key.Namespace, key.Name) is not { } check)
        {
            return RunNowOutcome.Unknown;
        }

        var definition = CheckDefinition.FromCheck(check);
        if (!definition.IsValid || definition.Paused)
        {
            return RunNowOutcome.NotScheduled;
        }

        if (caches.States.Get(key.Namespace, key.Name)?.Spec is { RunInFlight: true })
        {
            return RunNowOutcome.AlreadyRunning;
        }

        // A time, so `kubectl describe khc` tells when; a second request in the same millisecond is the same request.
        var request = time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var patch = new System.Text.Json.Nodes.JsonObject
        {
            ["metadata"] = new System.Text.Json.Nodes.JsonObject
            {
                ["annotations"] = new System.Text.Json.Nodes.JsonObject { [CheckLabels.RunRequestedAnnotation] = request },
            },
        };
        try
        {
            var patched = await api.Checks.PatchAsync(key.Namespace, key.Name, Patches.Merge(patch), cancellationToken);
            caches.Checks.Remember(patched);
        }
        catch (Exception ex) when (ex.IsNotFound())
        {
            return RunNowOutcome.Unknown;
        }

        Log.Requested(logger, key, requestedBy);
        return RunNowOutcome.Accepted;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2205, Level = LogLevel.Information, Message = "Run of {Check} asked for by {User}")]
        public static partial void Requested(ILogger logger, CheckKey check, string user);
    }
}
