namespace HealthChecks.LocalCluster.Runtime;

/// <summary>
/// How a <c>run: report-ok</c> container retries its report: 5xx, 429, transport errors and
/// attempts that get no answer in time are tried again, at most <see cref="MaxAttempts"/> times in
/// all, with a delay that doubles from <see cref="InitialDelay"/>. Upstream's Go client retries the
/// same way but for 30 s of elapsed time; a count keeps the worst case plain (5 × 10 s + 7.5 s).
/// </summary>
internal sealed record ReportOkRetry
{
    public int MaxAttempts { get; init; } = 5;

    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>One POST's limit, connect included: a hung controller costs a retry, not the run.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait before attempt <paramref name="attempt"/> (2 or more): 0.5 s, 1 s, 2 s, 4 s by default.</summary>
    public TimeSpan DelayBefore(int attempt) => InitialDelay * Math.Pow(2, Math.Max(0, attempt - 2));
}
