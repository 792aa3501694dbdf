namespace HealthChecks.Controller.Resources;

/// <summary>The values of <c>spec.phase</c> on a khjob, as upstream writes them.</summary>
public static class KhJobPhase
{
    public const string New = "";

    public const string Running = "Running";

    public const string Completed = "Completed";
}
