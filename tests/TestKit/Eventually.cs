namespace HealthChecks.TestKit;

/// <summary>Polls a condition until it holds, bounded in time; for state the test cannot be told about.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await probe() is { } value)
                {
                    return value;
                }
            }
#pragma warning disable CA1031 // the probe's errors are kept and shown if it never succeeds
            catch (Exception ex)
#pragma warning restore CA1031
            {
                last = ex;
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException($"timed out after {timeout} waiting for {what}" + (last is null ? "" : $" (last error: {last.Message})"), last);
    }

    public static Task TrueAsync(Func<Task<bool>> probe, TimeSpan timeout, string what, TimeSpan? interval = null) =>
        GetAsync<object>(async () => await probe() ? new object() : null, timeout, what, interval);
}
