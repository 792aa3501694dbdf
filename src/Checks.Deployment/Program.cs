using HealthChecks.CheckSdk.Options;
using HealthChecks.CheckSdk.Running;
using HealthChecks.Checks.Common;
using HealthChecks.Checks.Deployment;
using HealthChecks.Kube;
using Microsoft.Extensions.Logging;

return await CheckRunner.RunAsync(
    async (context, cancellationToken) =>
    {
        var options = DeploymentCheckOptions.FromEnvironment(new EnvOptions());
        using var kube = KubeClients.CreateDefault();
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        return await KubeApiCallException.DescribingApiErrorsAsync(() => new DeploymentCheck(kube, http, options, context.LoggerFactory.CreateLogger<DeploymentCheck>()).RunAsync(context, cancellationToken));
    },
    // On SIGTERM the check still deletes its Service and Deployment (DeploymentCheck.EmergencyCleanup) before reporting.
    new CheckRunnerOptions { StopGrace = DeploymentCheck.EmergencyCleanup + TimeSpan.FromSeconds(5) });
