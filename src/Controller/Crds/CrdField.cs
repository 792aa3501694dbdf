namespace HealthChecks.Controller.Crds;

/// <summary>A field HealthChecks adds under a CRD's <c>.spec</c>, with the OpenAPI type it writes.</summary>
public sealed record CrdField(string Name, string Type);
