using HealthChecks.Controller.Configuration;
using HealthChecks.Controller.Reconciling;

namespace HealthChecks.Controller.Hosting;

/// <summary>
/// What <c>/healthz</c> answers: alive, unless this replica leads and its control loop has not
/// worked its heartbeat for longer than <see cref="ControllerOptions.LivenessBound"/> (a wedged
/// leader: the kubelet should restart it so the Lease moves on). A follower, and a leader whose
/// term is still waiting for its caches, are alive.
/// </summary>
public sealed class Liveness(LeadershipService leadership, ControlLoop loop, ControllerOptions options, TimeProvider time)
{
    /// <summary>Null when alive, else why not.</summary>
    public string? Problem()
    {
        if (!leadership.IsLeader || loop.WorkingSince is not { } since)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var last = loop.LastTick is { } tick && tick > since ? tick : since;
        var quiet = now - last;
        return quiet <= options.LivenessBound
            ? null
            : $"this replica leads but its control loop has not ticked for {quiet.TotalSeconds:0} s (bound {options.LivenessBound.TotalSeconds:0} s): its work is stuck";
    }
}
