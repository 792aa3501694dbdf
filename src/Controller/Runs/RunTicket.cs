namespace HealthChecks.Controller.Runs;

/// <summary>One run of a check: its UUID, when it started, when it must have ended, and its pod.</summary>
public sealed record RunTicket(string Uuid, DateTimeOffset Started, DateTimeOffset Deadline, string PodName)
{
    public static RunTicket Create(CheckDefinition definition, DateTimeOffset now)
    {
        var uuid = Guid.NewGuid().ToString();
        return new(uuid, now, now + definition.Timeout, CheckLabels.PodName(definition.Key.Name, uuid));
    }
}
