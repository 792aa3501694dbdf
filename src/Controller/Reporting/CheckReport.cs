namespace HealthChecks.Controller.Reporting;

/// <summary>A checker's report body: <c>{"OK": bool, "Errors": [...]}</c>, keys in any case.</summary>
public sealed class CheckReport
{
    public bool? OK { get; set; }

    public List<string?>? Errors { get; set; }
}
