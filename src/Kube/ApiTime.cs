namespace HealthChecks.Kube;

/// <summary>
/// Times as the API server stores them. The official client writes a DateTime with whatever
/// fraction it has (none on a whole second), so the simulator chooses the precision itself:
/// <c>Time</c> fields (pod and node status) on whole seconds, as kubelet writes them and as the
/// API server keeps them; <c>MicroTime</c> fields (Lease renewTime), which the API server parses
/// only with six fractional digits, never on a whole second.
/// </summary>
public static class ApiTime
{
    public static DateTime Seconds(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        return new DateTime(ticks - (ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }

    /// <summary>A whole second moves on by one microsecond, so that the client writes the fraction.</summary>
    public static DateTime Micro(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return utc.Ticks % TimeSpan.TicksPerSecond == 0 ? utc.AddTicks(TimeSpan.TicksPerMicrosecond) : utc;
    }

    /// <summary>A time read from the API (the client reads it as UTC).</summary>
    public static DateTimeOffset FromApi(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
