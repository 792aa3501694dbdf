namespace HealthChecks.TestKit.FakeKubeApi;

public enum FaultKind
{
    /// <summary>Answer with a status code (and a Status body, or a given body).</summary>
    Status,

    /// <summary>Drop the connection without answering, before the request is carried out.</summary>
    Abort,

    /// <summary>Carry the request out, then drop the connection: the write happened, the answer was lost.</summary>
    AbortAfter,

    /// <summary>Hold the request until <see cref="Fault.Release"/> (or the client gives up), then carry it out.</summary>
    Hang,
}

/// <summary>A fault applied to the next matching requests, as often as asked.</summary>
public sealed class Fault
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _remaining;
    private int _hits;
    private int _waiting;

    internal Fault(FaultKind kind, int times, Func<ApiRequest, bool>? when, int statusCode, string? message, string? reason, string? body)
    {
        Kind = kind;
        _remaining = times;
        When = when ?? (_ => true);
        StatusCode = statusCode;
        Message = message;
        Reason = reason;
        Body = body;
    }

    public FaultKind Kind { get; }

    public int StatusCode { get; }

    public string? Message { get; }

    public string? Reason { get; }

    /// <summary>A raw body to answer with instead of a Status (a proxy's page, garbage).</summary>
    public string? Body { get; }

    /// <summary>Requests this fault was applied to.</summary>
    public int Hits => Volatile.Read(ref _hits);

    /// <summary>Requests hanging on this fault now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public int Remaining => Volatile.Read(ref _remaining);

    internal Func<ApiRequest, bool> When { get; }

    internal Task Released => _released.Task;

    /// <summary>Lets hanging requests (and later ones this fault catches) go on.</summary>
    public void Release() => _released.TrySetResult();

    /// <summary>Applies to no more requests.</summary>
    public void Cancel() => Interlocked.Exchange(ref _remaining, 0);

    /// <summary>Waits (bounded, in real time) until this fault was applied <paramref name="hits"/> times.</summary>
    public Task WaitForHitsAsync(int hits = 1, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(() => Task.FromResult(Hits >= hits), timeout ?? TimeSpan.FromSeconds(10), $"{hits} requests hit by the {Kind} fault", TimeSpan.FromMilliseconds(5));

    /// <summary>Waits (bounded, in real time) until <paramref name="count"/> requests hang on this fault.</summary>
    public Task WaitForWaitingAsync(int count = 1, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(() => Task.FromResult(Waiting >= count), timeout ?? TimeSpan.FromSeconds(10), $"{count} requests hanging", TimeSpan.FromMilliseconds(5));

    internal bool TryTake(ApiRequest request)
    {
        if (!When(request))
        {
            return false;
        }

        while (true)
        {
            var left = Volatile.Read(ref _remaining);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _remaining, left - 1, left) == left)
            {
                Interlocked.Increment(ref _hits);
                return true;
            }
        }
    }

    internal async Task HangAsync(CancellationToken aborted)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await _released.Task.WaitAsync(aborted);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }
}

/// <summary>
/// The faults a test arms: the next N requests (all when N is <see cref="int.MaxValue"/>) that
/// match a predicate fail with a status, lose their connection, or hang. The first armed fault
/// that matches a request applies; a request no fault takes is served normally.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<Fault> _faults = [];

    public const int Always = int.MaxValue;

    /// <summary>Answers with <paramref name="statusCode"/> and a Status body (the API server's reason for the code unless given).</summary>
    public Fault Fail(int statusCode, int times = 1, Func<ApiRequest, bool>? when = null, string? message = null, string? reason = null) =>
        Arm(new Fault(FaultKind.Status, times, when, statusCode, message, reason, null));

    /// <summary>Answers with <paramref name="statusCode"/> and exactly <paramref name="body"/>.</summary>
    public Fault Answer(int statusCode, string body, int times = 1, Func<ApiRequest, bool>? when = null) =>
        Arm(new Fault(FaultKind.Status, times, when, statusCode, null, null, body));

    /// <summary>Drops the connection: the client sees an <see cref="HttpRequestException"/>.</summary>
    public Fault Abort(int times = 1, Func<ApiRequest, bool>? when = null, bool afterWrite = false) =>
        Arm(new Fault(afterWrite ? FaultKind.AbortAfter : FaultKind.Abort, times, when, 0, null, null, null));

    /// <summary>Holds matching requests until the fault is released; then they are served.</summary>
    public Fault Hang(int times = 1, Func<ApiRequest, bool>? when = null) =>
        Arm(new Fault(FaultKind.Hang, times, when, 0, null, null, null));

    /// <summary>Disarms every fault and releases every hanging request.</summary>
    public void Clear()
    {
        List<Fault> all;
        lock (_gate)
        {
            all = [.. _faults];
            _faults.Clear();
        }

        foreach (var fault in all)
        {
            fault.Cancel();
            fault.Release();
        }
    }

    internal Fault? Take(ApiRequest request)
    {
        lock (_gate)
        {
            return _faults.FirstOrDefault(f => f.TryTake(request));
        }
    }

    private Fault Arm(Fault fault)
    {
        lock (_gate)
        {
            _faults.Add(fault);
        }

        return fault;
    }
}
