namespace HealthChecks.Controller.Hosting;

/// <summary>Turns upstream's Go-style <c>listenAddress</c> (<c>":8080"</c>, <c>"127.0.0.1:0"</c>) into a Kestrel URL.</summary>
public static class ListenAddress
{
    public static string ToUrl(string address)
    {
        if (address.Contains("://", StringComparison.Ordinal))
        {
            return address;
        }

        return address.StartsWith(':') ? "http://0.0.0.0" + address : "http://" + address;
    }
}
