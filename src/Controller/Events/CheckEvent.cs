namespace HealthChecks.Controller.Events;

/// <summary>An Event to record on a check: its type (<c>Normal</c>/<c>Warning</c>), reason and message.</summary>
public sealed record CheckEvent(string Type, string Reason, string Message)
{
    public const string Recovered = "CheckRecovered";
}
