using HealthChecks.Controller.Resources;
using HealthChecks.Kube;
using k8s;
using k8s.Models;

namespace HealthChecks.Controller.Hosting;

/// <summary>Refuses to start, with a message saying what to do, when the Kuberhealthy CRDs are not installed.</summary>
public static class CrdCheck
{
    public static async Task<string?> FindProblemAsync(Kubernetes client, CancellationToken cancellationToken)
    {
        string json;
        try
        {
            json = await client.GetStringAsync($"/apis/{KhResources.ApiVersion}", cancellationToken);
        }
        catch (Exception ex) when (ex.IsNotFound())
        {
            return Missing("the API group is not served");
        }

        var list = KubernetesJson.Deserialize<V1APIResourceList>(json);
        var served = list?.Resources?.Select(r => r.Name).ToHashSet() ?? [];
        var missing = new[] { KhResources.Checks.Plural, KhResources.Jobs.Plural, KhResources.States.Plural }
            .Where(p => !served.Contains(p)).ToList();
        return missing.Count == 0 ? null : Missing(string.Join(", ", missing) + " not served");
    }

    private static string Missing(string detail) =>
        $"the Kuberhealthy CRDs ({KhResources.ApiVersion}: khchecks, khjobs, khstates) are not installed ({detail}). " +
        "Install them first: kubectl apply -f crds/ (or install the Helm chart, which carries them).";
}
