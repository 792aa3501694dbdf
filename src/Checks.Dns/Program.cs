using HealthChecks.CheckSdk.Networking;
using HealthChecks.CheckSdk.Options;
using HealthChecks.CheckSdk.Running;
using HealthChecks.Checks.Common;
using HealthChecks.Checks.Dns;
using HealthChecks.Checks.Dns.Resolution;
using HealthChecks.Kube;
using k8s;
using Microsoft.Extensions.Logging;

return await CheckRunner.RunAsync(async (context, cancellationToken) =>
{
    var options = DnsCheckOptions.FromEnvironment(new EnvOptions());
    var kube = new Lazy<Kubernetes>(() => KubeClients.CreateDefault());
    try
    {
        var check = new DnsCheck(options, () => kube.Value, ResolvConf.Load(), PodAddressMap.FromEnvironment(), context.LoggerFactory.CreateLogger<DnsCheck>());
        return await KubeApiCallException.DescribingApiErrorsAsync(() => check.RunAsync(context, cancellationToken));
    }
    finally
    {
        if (kube.IsValueCreated)
        {
            kube.Value.Dispose();
        }
    }
});
