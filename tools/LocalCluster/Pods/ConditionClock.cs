namespace HealthChecks.LocalCluster.Pods;

/// <summary>Remembers when each condition last changed status, so lastTransitionTime moves only on a transition.</summary>
internal sealed class ConditionClock
{
    private readonly Dictionary<string, (string Status, DateTimeOffset Since)> _conditions = new(StringComparer.Ordinal);

    public DateTimeOffset Stamp(string type, string status, DateTimeOffset now)
    {
        if (_conditions.TryGetValue(type, out var known) && known.Status == status)
        {
            return known.Since;
        }

        _conditions[type] = (status, now);
        return now;
    }
}
