using HealthChecks.Checks.Common;
using HealthChecks.Kube;
using k8s;
using k8s.Models;

namespace HealthChecks.Checks.Deployment;

/// <summary>Deletes the check's Service and Deployment (by name) and waits until both are gone.</summary>
internal sealed class DeploymentCleaner(IKubernetes kube, DeploymentCheckOptions options, TimeProvider time)
{
    private static readonly V1DeleteOptions Background = new() { PropagationPolicy = "Background" };

    public async Task<bool> AnyExistsAsync(CancellationToken cancellationToken) =>
        await kube.CoreV1.ReadNamespacedServiceAsync(options.ServiceName, options.Namespace, cancellationToken: cancellationToken).OrNullIfNotFound().ConfigureAwait(false) is not null
        || await kube.AppsV1.ReadNamespacedDeploymentAsync(options.DeploymentName, options.Namespace, cancellationToken: cancellationToken).OrNullIfNotFound().ConfigureAwait(false) is not null;

    /// <summary>Returns the errors (empty when both are gone), each saying what was left.</summary>
    public async Task<List<string>> RemoveAsync(CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        try
        {
            // Not CoreV1.DeleteNamespacedServiceAsync: it reads the answer as a V1Service, but a 1.20 API
            // server answers a Service delete with a Status, which then fails to decode after the delete
            // succeeded. The custom-object call (the empty group is the core API) reads it as any JSON.
            using var deleted = await kube.CustomObjects.DeleteNamespacedCustomObjectWithHttpMessagesAsync("", "v1", options.Namespace, "services", options.ServiceName, body: Background, cancellationToken: cancellationToken)
                .OrNullIfNotFound().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex.ApiStatusCode() is not null)
        {
            errors.Add($"failed to delete service {options.ServiceName}: {ex.Describe()}");
        }

        try
        {
            await kube.AppsV1.DeleteNamespacedDeploymentAsync(options.DeploymentName, options.Namespace, Background, cancellationToken: cancellationToken).ExceptNotFound().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex.ApiStatusCode() is not null)
        {
            errors.Add($"failed to delete deployment {options.DeploymentName}: {ex.Describe()}");
        }

        if (!await Poll.UntilAsync(async token => !await AnyExistsAsync(token).ConfigureAwait(false), options.PollInterval, time, cancellationToken).ConfigureAwait(false))
        {
            errors.Add($"service {options.ServiceName} or deployment {options.DeploymentName} still exists when time ran out");
        }

        return errors;
    }
}
