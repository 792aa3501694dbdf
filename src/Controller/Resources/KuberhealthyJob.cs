namespace HealthChecks.Controller.Resources;

public sealed class KuberhealthyJob : CustomResource<KhJobSpec>;
