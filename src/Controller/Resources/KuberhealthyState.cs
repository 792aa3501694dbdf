namespace HealthChecks.Controller.Resources;

public sealed class KuberhealthyState : CustomResource<KhStateSpec>;
