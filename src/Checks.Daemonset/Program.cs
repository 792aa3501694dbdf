using HealthChecks.CheckSdk.Options;
using HealthChecks.CheckSdk.Running;
using HealthChecks.Checks.Common;
using HealthChecks.Checks.Daemonset;
using HealthChecks.Kube;
using Microsoft.Extensions.Logging;

return await CheckRunner.RunAsync(
    async (context, cancellationToken) =>
    {
        var options = DaemonsetCheckOptions.FromEnvironment(new EnvOptions());
        using var kube = KubeClients.CreateDefault();
        return await KubeApiCallException.DescribingApiErrorsAsync(() => new DaemonsetCheck(kube, options, context.LoggerFactory.CreateLogger<DaemonsetCheck>()).RunAsync(context, cancellationToken));
    },
    // On SIGTERM the check still removes its DaemonSet (DaemonsetCheck.EmergencyCleanup) before reporting.
    new CheckRunnerOptions { StopGrace = DaemonsetCheck.EmergencyCleanup + TimeSpan.FromSeconds(5) });
