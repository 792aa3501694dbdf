namespace HealthChecks.Kube.Configuration;

public sealed class StaticTokenSource(string token) : ITokenSource
{
    public string GetToken() => token;
}
