namespace HealthChecks.Checks.Daemonset;

/// <summary>True once a condition has held without a break for <paramref name="requiredFor"/> (a flapping pod resets it).</summary>
internal sealed class StableCondition(TimeSpan requiredFor, TimeProvider time)
{
    private long? _since;

    public bool Observe(bool holds)
    {
        if (!holds)
        {
            _since = null;
            return false;
        }

        _since ??= time.GetTimestamp();
        return time.GetElapsedTime(_since.Value) >= requiredFor;
    }
}
