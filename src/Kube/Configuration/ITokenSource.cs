namespace HealthChecks.Kube.Configuration;

/// <summary>Gives the bearer token to send with the next request.</summary>
public interface ITokenSource
{
    string GetToken();
}
