namespace HealthChecks.Kube.Configuration;

/// <summary>The client cannot be configured: the message names the file, entry or setting that is missing or wrong.</summary>
public sealed class KubeConfigException : Exception
{
    public KubeConfigException()
    {
    }

    public KubeConfigException(string message)
        : base(message)
    {
    }

    public KubeConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
