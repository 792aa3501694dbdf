using System.Text.Json.Nodes;
using k8s;

namespace HealthChecks.TestKit.FakeKubeApi;

/// <summary>One successful write, as a watch would report it.</summary>
public sealed record ApiChange(WatchEventType Type, ResourceAddress Address, JsonObject Json)
{
    public string? ResourceVersion => Json["metadata"]?["resourceVersion"]?.GetValue<string>();

    /// <summary>The object in the official client's model (a copy: each call decodes anew).</summary>
    public T As<T>() => KubernetesJson.Deserialize<T>(Json.ToJsonString());
}

/// <summary>
/// Every successful write of the <see cref="FakeApiServer"/>, in the order of its resourceVersion,
/// handed to the subscribers on the writing request's thread before the request is answered (as
/// if the watch were instant). <see cref="HoldBack"/> keeps changes from the subscribers until
/// <see cref="Release"/>: a cache that lags the API server.
/// </summary>
public sealed class ChangeFeed
{
    private readonly Lock _gate = new();
    private readonly Lock _delivering = new();
    private readonly Queue<ApiChange> _ready = new();
    private readonly List<ApiChange> _held = [];
    private Func<ApiChange, bool>? _holding;

    /// <summary>Raised for each change (keep handlers short; they run inside the API request).</summary>
    public event Action<ApiChange>? Changed;

    public int Held
    {
        get
        {
            lock (_gate)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>From now on changes matching <paramref name="which"/> (all when null) wait for <see cref="Release"/>.</summary>
    public void HoldBack(Func<ApiChange, bool>? which = null)
    {
        lock (_gate)
        {
            _holding = which ?? (_ => true);
        }
    }

    /// <summary>Stops holding back and hands out what was held, in order.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _holding = null;
            foreach (var change in _held)
            {
                _ready.Enqueue(change);
            }

            _held.Clear();
        }

        Deliver();
    }

    /// <summary>Drops what is held without handing it out: changes the watch never reported.</summary>
    public void Discard()
    {
        lock (_gate)
        {
            _held.Clear();
        }
    }

    /// <summary>Queues a change; called by the store under its own lock, so queue order is resourceVersion order.</summary>
    internal void Enqueue(ApiChange change)
    {
        lock (_gate)
        {
            if (_holding?.Invoke(change) == true)
            {
                _held.Add(change);
            }
            else
            {
                _ready.Enqueue(change);
            }
        }
    }

    /// <summary>Hands out what is queued; one deliverer at a time keeps the order.</summary>
    internal void Deliver()
    {
        lock (_delivering)
        {
            while (true)
            {
                ApiChange? next;
                lock (_gate)
                {
                    if (!_ready.TryDequeue(out next))
                    {
                        return;
                    }
                }

                Changed?.Invoke(next);
            }
        }
    }
}
