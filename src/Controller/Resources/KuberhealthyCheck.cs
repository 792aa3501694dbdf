namespace HealthChecks.Controller.Resources;

public sealed class KuberhealthyCheck : CustomResource<KhCheckSpec>;
