using HealthChecks.Controller.Runs;

namespace HealthChecks.Controller.Events;

/// <summary>
/// client-go's event correlator, the part that matters here: the same event on the same object
/// (type, reason and message) within <see cref="Window"/> is not a new Event object but one more
/// count on the existing one, so a flapping check shows "x12 over 40m" instead of filling the
/// namespace's Events. Bounded: the least recently seen entries go first.
/// </summary>
public sealed class EventCorrelator(TimeProvider time, int capacity = 4096)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private readonly Dictionary<(CheckKey, string, string, string), Entry> _seen = [];
    private readonly LinkedList<(CheckKey, string, string, string)> _order = [];
    private readonly Lock _gate = new();

    /// <summary>The Event already recorded for this one (to count it again), or null to create a new one.</summary>
    public Entry? Find(CheckKey check, CheckEvent @event)
    {
        lock (_gate)
        {
            return _seen.TryGetValue(KeyOf(check, @event), out var entry) && time.GetUtcNow() - entry.LastSeen < Window ? entry : null;
        }
    }

    /// <summary>Records that <paramref name="eventName"/> now holds this event <paramref name="count"/> times.</summary>
    public void Recorded(CheckKey check, CheckEvent @event, string eventName, int count, DateTimeOffset firstSeen)
    {
        var key = KeyOf(check, @event);
        lock (_gate)
        {
            if (_seen.Remove(key, out var old))
            {
                _order.Remove(old.Node);
            }

            var node = _order.AddLast(key);
            _seen[key] = new Entry(eventName, count, firstSeen, time.GetUtcNow(), node);
            while (_seen.Count > capacity && _order.First is { } oldest)
            {
                _seen.Remove(oldest.Value);
                _order.RemoveFirst();
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _seen.Count;
            }
        }
    }

    private static (CheckKey, string, string, string) KeyOf(CheckKey check, CheckEvent @event) => (check, @event.Type, @event.Reason, @event.Message);

    public sealed record Entry(string EventName, int Count, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, LinkedListNode<(CheckKey, string, string, string)> Node);
}
