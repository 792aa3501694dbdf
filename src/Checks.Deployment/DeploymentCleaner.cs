using HealthChecks.Checks.Common;
using HealthChecks.Kube;
using HealthChecks.Kube.Models;

namespace HealthChecks.Checks.Deployment;

/// <summary>Deletes the check's Service and Deployment (by name) and waits until both are gone.</summary>
internal sealed class DeploymentCleaner(KubeApiClient kube, DeploymentCheckOptions options, TimeProvider time)
{
    private static readonly V1DeleteOptions Background = new() { PropagationPolicy = "Background" };

    public async Task<bool> AnyExistsAsync(CancellationToken cancellationToken) =>
        await kube.GetAsync(KubeResources.Services, options.Namespace, options.ServiceName, cancellationToken).ConfigureAwait(false) is not null
        || await kube.GetAsync(KubeResources.Deployments, options.Namespace, options.DeploymentName, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>Returns the errors (empty when both are gone), each saying what was left.</summary>
    public async Task<List<string>> RemoveAsync(CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        try
        {
            await kube.DeleteAsync(KubeResources.Services, options.Namespace, options.ServiceName, Background, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException ex)
        {
            errors.Add($"failed to delete service {options.ServiceName}: {ex.Message}");
        }

        try
        {
            await kube.DeleteAsync(KubeResources.Deployments, options.Namespace, options.DeploymentName, Background, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException ex)
        {
            errors.Add($"failed to delete deployment {options.DeploymentName}: {ex.Message}");
        }

        if (!await Poll.UntilAsync(async token => !await AnyExistsAsync(token).ConfigureAwait(false), options.PollInterval, time, cancellationToken).ConfigureAwait(false))
        {
            errors.Add($"service {options.ServiceName} or deployment {options.DeploymentName} still exists when time ran out");
        }

        return errors;
    }
}
